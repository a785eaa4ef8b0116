#!/usr/bin/env bash
# The data model, graph, layout and scene layers must not depend on the GUI toolkit, so the
# exporter and the command line can use them headless. Fails if any of them names egui/eframe.
set -euo pipefail
cd "$(dirname "$0")/.."
core=(src/model src/graph.rs)
for path in src/layout src/layout.rs src/scene src/scene.rs src/export; do
    [ -e "$path" ] && core+=("$path")
done
if grep -rnE '(^|[^A-Za-z0-9_])(egui|eframe|epaint|winit|wgpu)[a-z_]*::' "${core[@]}" --include='*.rs'; then
    echo "error: the lines above name egui/eframe in a layer below the ui" >&2
    exit 1
fi
echo "ok: ${core[*]} are free of egui"
