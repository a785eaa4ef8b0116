#!/usr/bin/env bash
# The layers of src/, each using only those before it:
#   model → text → style → graph → layout → document → analysis → scene → {export, ui} → {cli, app}
# 1. Nothing below the ui names egui/eframe (the exporter and the command line run headless).
# 2. No module reaches back up: a layer never names a layer after it (`crate::<later>`).
set -euo pipefail
cd "$(dirname "$0")/.."
layers=(model text style graph layout document analysis scene export ui cli app)
path_of() {
    for p in "src/$1" "src/$1.rs"; do [ -e "$p" ] && echo "$p"; done
    return 0
}
core=()
for layer in model text style graph layout document analysis scene export; do
    core+=($(path_of "$layer"))
done
status=0
if grep -rnE '(^|[^A-Za-z0-9_])(egui|eframe|epaint|winit|wgpu)[a-z_]*::' "${core[@]}" --include='*.rs'; then
    echo "error: the lines above name egui/eframe in a layer below the ui" >&2
    status=1
fi
for i in "${!layers[@]}"; do
    layer=${layers[$i]}
    later=("${layers[@]:$((i + 1))}")
    # export and ui are side by side, as are cli and app (which may use each other's lower
    # layers but not each other).
    case $layer in
        export) later=(ui cli app) ;;
        ui) later=(cli app) ;;
        cli) later=(app) ;;
        app) later=(cli) ;;
    esac
    [ ${#later[@]} -eq 0 ] && continue
    pattern="crate::($(IFS='|'; echo "${later[*]}"))\\b"
    for path in $(path_of "$layer"); do
        if grep -rnE "$pattern" "$path" --include='*.rs'; then
            echo "error: the lines above reach from $layer up to a later layer" >&2
            status=1
        fi
    done
done
[ $status -eq 0 ] && echo "ok: ${core[*]} are free of egui; no layer reaches up (${layers[*]})"
exit $status
