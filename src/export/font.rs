//! The font snapshots are drawn with, bundled so output never depends on the machine's fonts.
//!
//! Ubuntu Light (Ubuntu Font Licence, `assets/fonts/UFL.txt`) is also egui's default
//! proportional font, so exported labels use the same glyphs as the window. It covers Latin,
//! Greek and Cyrillic; characters it lacks are left out of PNGs (the CLI says which), while SVG
//! keeps them as text for the viewer's own fonts to draw.

use std::sync::{Arc, OnceLock};

/// The bundled font file.
pub static FONT: &[u8] = include_bytes!("../../assets/fonts/Ubuntu-Light.ttf");

/// The family name SVG text asks for first.
pub const FAMILY: &str = "Ubuntu";

/// The weight of the bundled face (Light).
pub const WEIGHT: u16 = 300;

fn face() -> Option<&'static ttf_parser::Face<'static>> {
    static FACE: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    FACE.get_or_init(|| ttf_parser::Face::parse(FONT, 0).ok())
        .as_ref()
}

/// The width of `text` set at `size` points, from the font's glyph advances.
pub fn text_width(text: &str, size: f32) -> f32 {
    let Some(face) = face() else {
        return text.chars().count() as f32 * size * 0.56;
    };
    let scale = size / f32::from(face.units_per_em());
    let fallback = f32::from(face.units_per_em()) * 0.56;
    text.chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(fallback, f32::from)
        })
        .sum::<f32>()
        * scale
}

/// The distance from the top of a line to its baseline, for text set at `size` points.
pub fn ascent(size: f32) -> f32 {
    face().map_or(size * 0.93, |face| {
        f32::from(face.ascender()) / f32::from(face.units_per_em()) * size
    })
}

/// Whether the bundled font can draw a character.
pub fn covers(c: char) -> bool {
    c.is_whitespace() || face().is_some_and(|face| face.glyph_index(c).is_some())
}

/// A font database holding only the bundled font, shared by every PNG export.
pub fn database() -> Arc<resvg::usvg::fontdb::Database> {
    static DATABASE: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    Arc::clone(DATABASE.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(FONT.to_vec());
        db.set_sans_serif_family(FAMILY);
        Arc::new(db)
    }))
}

#[cfg(test)]
mod tests {
    use super::{covers, text_width};

    #[test]
    fn covers_latin_greek_and_cyrillic() {
        for c in "Zelenskyy Зеленський Ελλάδα António Čapek ß".chars() {
            assert!(covers(c), "{c}");
        }
        assert!(!covers('中'));
    }

    #[test]
    fn wider_text_measures_wider() {
        assert!(text_width("Germany", 13.0) > text_width("EU", 13.0));
        assert!((text_width("Germany", 26.0) - 2.0 * text_width("Germany", 13.0)).abs() < 0.01);
    }
}
