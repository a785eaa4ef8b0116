//! The fonts snapshots are drawn with: those of [`crate::text`] (Ubuntu Light, Noto Sans
//! Arabic and Hebrew, bundled, so output does not depend on the machine for those scripts;
//! the system's fonts for the rest, such as Chinese, Japanese and Korean). Labels are measured
//! with the same fonts, so their backdrops fit them. A character no font has is left out of
//! PNGs (the command line says which); SVG keeps it as text for the viewer's fonts.

use std::sync::{Arc, OnceLock};

pub use crate::text::{FAMILY, SVG_FAMILIES, WEIGHT, ascent, covers, width as text_width};

/// A font database for resvg: the bundled fonts, and the system fonts read so far for
/// characters they lack (those a page's text asked for when it was measured). The files are
/// shared, not copied.
pub fn database() -> Arc<resvg::usvg::fontdb::Database> {
    let system = crate::text::system_fonts_in_use();
    let build = |system: &[&'static crate::text::Font]| {
        let mut db = resvg::usvg::fontdb::Database::new();
        let mut seen: Vec<*const u8> = Vec::new();
        for font in crate::text::bundled().iter().chain(system.iter().copied()) {
            // A collection's faces share one file: load it once (all its faces).
            if seen.contains(&font.data.as_ptr()) {
                continue;
            }
            seen.push(font.data.as_ptr());
            db.load_font_source(resvg::usvg::fontdb::Source::Binary(Arc::new(font.data)));
        }
        db.set_sans_serif_family(FAMILY);
        Arc::new(db)
    };
    if system.is_empty() {
        static BUNDLED: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
        Arc::clone(BUNDLED.get_or_init(|| build(&[])))
    } else {
        build(&system)
    }
}

#[cfg(test)]
mod tests {
    use super::database;

    #[test]
    fn the_database_holds_the_bundled_fonts() {
        let db = database();
        for family in ["Ubuntu", "Noto Sans Arabic", "Noto Sans Hebrew"] {
            assert!(
                db.faces()
                    .any(|f| f.families.iter().any(|(name, _)| name == family)),
                "{family}"
            );
        }
    }
}
