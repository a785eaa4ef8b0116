//! Text as every painter sets it, in any script: which font draws a character, how wide a line
//! is, and the order right-to-left text is shown in.
//!
//! Fonts, in the order a character is looked up (the window's egui fonts use the same order):
//! - Ubuntu Light, bundled (Ubuntu Font Licence, `assets/fonts/UFL.txt`): Latin, Greek and
//!   Cyrillic; egui's own default face, so labels look the same in the window and exports;
//! - Noto Sans Arabic and Noto Sans Hebrew, bundled (SIL Open Font Licence,
//!   `assets/fonts/OFL.txt`);
//! - the system's fonts for the rest (Chinese, Japanese and Korean from e.g. Debian's
//!   `fonts-noto-cjk`), found with fontdb and read once, only when a character needs them.
//!
//! Widths come from shaping each run of one font with harfrust, the shaper egui and resvg use,
//! so a label's measured width is the width it is drawn at: Arabic letters take their joined
//! forms, marks take no room. [`bidi`] puts right-to-left text in display order for painters
//! that do not reorder it themselves.

pub mod bidi;
mod glyphs;

pub use glyphs::{Glyph, SetLine, set_line};

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Ubuntu Light: Latin, Greek, Cyrillic.
pub static UBUNTU: &[u8] = include_bytes!("../../assets/fonts/Ubuntu-Light.ttf");

/// Noto Sans Arabic (Regular).
pub static NOTO_ARABIC: &[u8] = include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf");

/// Noto Sans Hebrew (Regular).
pub static NOTO_HEBREW: &[u8] = include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.ttf");

/// The family name of the first font.
pub const FAMILY: &str = "Ubuntu";

/// The families SVG text asks for, in order (viewers fall back to their own fonts after them).
pub const SVG_FAMILIES: &str = "Ubuntu, 'Ubuntu Light', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Sans CJK SC', 'Noto Sans CJK JP', 'DejaVu Sans', Arial, sans-serif";

/// The weight of the Latin face (Light).
pub const WEIGHT: u16 = 300;

/// Characters below this (Latin to CJK punctuation) have their coverage in a table per font.
const COVERAGE_TABLE: u32 = 0x3000;

/// The system fonts read for characters the bundled ones lack, at most this many bytes in all.
const SYSTEM_FONT_BUDGET: usize = 48 << 20;

/// One font face, parsed once for coverage (ttf-parser) and for shaping (harfrust).
pub struct Font {
    /// The font file (a bundled one, or a system one read once and kept).
    pub data: &'static [u8],
    /// The face's index in a collection.
    pub index: u32,
    /// Its family name.
    pub family: String,
    face: ttf_parser::Face<'static>,
    shaper: harfrust::ShaperData,
    tables: harfrust::FontRef<'static>,
    /// Which characters below [`COVERAGE_TABLE`] the face has, a bit each: looking a character
    /// up in the face's own table took a fifth of the time of measuring a label.
    covered: Vec<u64>,
    /// Shape plans by direction and script: making one costs more than shaping a label.
    plans: Mutex<
        Vec<(
            harfrust::Direction,
            harfrust::Script,
            Arc<harfrust::ShapePlan>,
        )>,
    >,
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Font")
            .field("family", &self.family)
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

impl Font {
    fn parse(data: &'static [u8], index: u32, family: &str) -> Option<Self> {
        let face = ttf_parser::Face::parse(data, index).ok()?;
        let tables = harfrust::FontRef::from_index(data, index).ok()?;
        let shaper = harfrust::ShaperData::new(&tables);
        let mut covered = vec![0_u64; COVERAGE_TABLE as usize / 64];
        for c in (0..COVERAGE_TABLE).filter_map(char::from_u32) {
            if face.glyph_index(c).is_some() {
                covered[c as usize / 64] |= 1 << (c as usize % 64);
            }
        }
        Some(Self {
            data,
            index,
            family: family.to_owned(),
            face,
            shaper,
            tables,
            covered,
            plans: Mutex::default(),
        })
    }

    /// Whether the face has a glyph for the character.
    pub fn covers(&self, c: char) -> bool {
        match self.covered.get(c as usize / 64) {
            Some(bits) => bits & (1 << (c as usize % 64)) != 0,
            None => self.face.glyph_index(c).is_some(),
        }
    }

    /// Units per em.
    pub fn units_per_em(&self) -> f32 {
        f32::from(self.face.units_per_em())
    }

    /// The face's glyph for a character.
    #[cfg(test)]
    pub(crate) fn glyph_of(&self, c: char) -> Option<u16> {
        self.face.glyph_index(c).map(|g| g.0)
    }

    /// How far any glyph of the face reaches above and below the baseline, in font units
    /// (both positive outward).
    pub fn reach(&self) -> (f32, f32) {
        let bounds = self.face.global_bounding_box();
        (f32::from(bounds.y_max), -f32::from(bounds.y_min))
    }

    /// Sends a glyph's outline (font units, y up) to `builder`; its bounds, or `None` for a
    /// glyph with no outline (a space).
    pub fn outline(
        &self,
        glyph: u16,
        builder: &mut dyn ttf_parser::OutlineBuilder,
    ) -> Option<ttf_parser::Rect> {
        self.face.outline_glyph(ttf_parser::GlyphId(glyph), builder)
    }

    /// A run of text set in this face, shaped (right to left when `direction` says so, else
    /// in the direction its script guesses), given to `read`. The shaper's buffer is kept for
    /// the thread's next run: labels are measured by the tens of thousands.
    fn shape<R>(
        &self,
        run: &str,
        direction: Option<harfrust::Direction>,
        read: impl FnOnce(&harfrust::GlyphBuffer) -> R,
    ) -> R {
        thread_local! {
            static BUFFER: std::cell::Cell<Option<harfrust::UnicodeBuffer>> =
                const { std::cell::Cell::new(None) };
        }
        let shaper = self.shaper.shaper(&self.tables).build();
        let mut buffer = BUFFER.take().unwrap_or_default();
        buffer.push_str(run);
        buffer.guess_segment_properties();
        if let Some(direction) = direction {
            buffer.set_direction(direction);
        }
        let (direction, script) = (buffer.direction(), buffer.script());
        let plan = {
            let mut plans = self
                .plans
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some((_, _, plan)) = plans
                .iter()
                .find(|(d, s, _)| *d == direction && *s == script)
            {
                Arc::clone(plan)
            } else {
                let plan = Arc::new(harfrust::ShapePlan::new(
                    &shaper,
                    direction,
                    Some(script),
                    None,
                    &[],
                ));
                plans.push((direction, script, Arc::clone(&plan)));
                plan
            }
        };
        let glyphs = shaper.shape(buffer, harfrust::ShapeOptions::new().plan(Some(&plan)));
        let result = read(&glyphs);
        BUFFER.set(Some(glyphs.clear()));
        result
    }

    /// The advance of a run of text set in this face, in font units, shaped.
    fn shaped_advance(&self, run: &str) -> f32 {
        self.shape(run, None, |glyphs| {
            glyphs
                .glyph_positions()
                .iter()
                .map(|p| p.x_advance as f32)
                .sum()
        })
    }
}

/// The bundled fonts, in lookup order.
pub fn bundled() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        [
            (UBUNTU, FAMILY),
            (NOTO_ARABIC, "Noto Sans Arabic"),
            (NOTO_HEBREW, "Noto Sans Hebrew"),
        ]
        .into_iter()
        .filter_map(|(data, family)| Font::parse(data, 0, family))
        .collect()
    })
}

/// The system's fonts that may be read for a character the bundled fonts lack.
struct System {
    /// Candidate faces, best first: regular sans faces of CJK families, then other regular
    /// sans faces.
    candidates: Vec<fontdb::ID>,
    database: fontdb::Database,
    /// Faces read so far.
    loaded: Vec<&'static Font>,
    /// Candidates not read yet (their place in `candidates`).
    next: usize,
    /// Bytes read so far.
    spent: usize,
    /// The answer for each character asked about.
    by_char: HashMap<char, Option<&'static Font>>,
}

/// The system's fonts, listed the first time a character needs them (listing reads every
/// font file's header: tens of milliseconds).
static SYSTEM: OnceLock<Mutex<System>> = OnceLock::new();

fn system() -> &'static Mutex<System> {
    SYSTEM.get_or_init(|| {
        let mut database = fontdb::Database::new();
        if std::env::var_os("STANCEMAP_NO_SYSTEM_FONTS").is_none() {
            database.load_system_fonts();
        }
        let rank = |face: &fontdb::FaceInfo| -> Option<u8> {
            if face.weight != fontdb::Weight::NORMAL
                || face.style != fontdb::Style::Normal
                || face.monospaced
            {
                return None;
            }
            let family = face.families.first().map_or("", |f| f.0.as_str());
            if family.contains("Serif") || family.contains("Mono") {
                return None;
            }
            Some(if family.contains("CJK") {
                // Simplified Chinese first: it draws every common ideograph.
                u8::from(!family.ends_with(" SC"))
            } else if family.starts_with("Noto Sans") {
                2
            } else {
                3
            })
        };
        let mut ranked: Vec<(u8, String, fontdb::ID)> = database
            .faces()
            .filter_map(|face| {
                let family = face
                    .families
                    .first()
                    .map(|f| f.0.clone())
                    .unwrap_or_default();
                rank(face).map(|r| (r, family, face.id))
            })
            .collect();
        ranked.sort();
        Mutex::new(System {
            candidates: ranked.into_iter().map(|(_, _, id)| id).collect(),
            database,
            loaded: Vec::new(),
            next: 0,
            spent: 0,
            by_char: HashMap::new(),
        })
    })
}

impl System {
    fn font_for(&mut self, c: char) -> Option<&'static Font> {
        if let Some(&known) = self.by_char.get(&c) {
            return known;
        }
        let mut found = self.loaded.iter().copied().find(|f| f.covers(c));
        while found.is_none() && self.next < self.candidates.len() {
            let id = self.candidates[self.next];
            self.next += 1;
            let Some(face) = self.database.face(id) else {
                continue;
            };
            let family = face
                .families
                .first()
                .map(|f| f.0.clone())
                .unwrap_or_default();
            let index = face.index;
            // A collection holds many faces in one file: the file is read once.
            let fontdb::Source::File(path) = &face.source else {
                continue;
            };
            let path = path.clone();
            let Some(data) = read_font_file(&path, &mut self.spent) else {
                continue;
            };
            if let Some(font) = Font::parse(data, index, &family) {
                let font: &'static Font = Box::leak(Box::new(font));
                self.loaded.push(font);
                if font.covers(c) {
                    found = Some(font);
                }
            }
        }
        self.by_char.insert(c, found);
        found
    }
}

/// Reads a font file once for the rest of the process (system fonts are kept: glyphs are
/// looked up in them for as long as the program runs), within the budget.
fn read_font_file(path: &std::path::Path, spent: &mut usize) -> Option<&'static [u8]> {
    static FILES: OnceLock<Mutex<HashMap<std::path::PathBuf, &'static [u8]>>> = OnceLock::new();
    let files = FILES.get_or_init(Mutex::default);
    let mut files = files.lock().ok()?;
    if let Some(&data) = files.get(path) {
        return Some(data);
    }
    let size = std::fs::metadata(path).ok()?.len() as usize;
    if *spent + size > SYSTEM_FONT_BUDGET {
        return None;
    }
    let data: &'static [u8] = Box::leak(std::fs::read(path).ok()?.into_boxed_slice());
    *spent += size;
    files.insert(path.to_path_buf(), data);
    Some(data)
}

/// The font that draws a character: the first bundled font that has it, else a system font
/// that does, else none.
pub fn font_for(c: char) -> Option<&'static Font> {
    if let Some(font) = bundled().iter().find(|f| f.covers(c)) {
        return Some(font);
    }
    if c.is_control() {
        return None;
    }
    system().lock().ok()?.font_for(c)
}

/// Finds a font for every character of some texts that the bundled fonts lack (reading the
/// system fonts that have them), so painters can be given those fonts before they draw.
pub fn prepare<'a>(texts: impl IntoIterator<Item = &'a str>) {
    let mut seen = std::collections::HashSet::new();
    for text in texts {
        for c in text.chars() {
            // Below U+0370 (Latin and its marks) the first font has everything it will have.
            if (c as u32) >= 0x370 && seen.insert(c) {
                let _ = font_for(c);
            }
        }
    }
}

/// The system fonts read so far for characters the bundled fonts lack.
pub fn system_fonts_in_use() -> Vec<&'static Font> {
    SYSTEM
        .get()
        .and_then(|system| system.lock().ok().map(|s| s.loaded.clone()))
        .unwrap_or_default()
}

/// Whether some font can draw a character (whitespace always can).
pub fn covers(c: char) -> bool {
    c.is_whitespace() || is_invisible(c) || font_for(c).is_some()
}

/// Format characters that take no room and need no glyph (joiners, direction marks).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// A line of text cut into runs each drawn by one font, the way egui picks fonts: each
/// character takes the first font that has it (a space takes the first font), joiners and
/// direction marks stay in the run they are in. `None` is a run no font can draw.
pub fn font_runs(text: &str) -> Vec<(Option<&'static Font>, &str)> {
    let first = bundled().first();
    let mut runs = Vec::new();
    let mut run_start = 0;
    let mut run_font: Option<&'static Font> = None;
    for (at, c) in text.char_indices() {
        let font = if is_invisible(c) {
            run_font
        } else if c == ' ' {
            first
        } else {
            font_for(c)
        };
        let same = match (font, run_font) {
            (Some(a), Some(b)) => std::ptr::eq(a, b),
            (None, None) => true,
            _ => false,
        };
        if !same {
            if at > run_start {
                runs.push((run_font, &text[run_start..at]));
            }
            run_start = at;
            run_font = font;
        }
    }
    if run_start < text.len() {
        runs.push((run_font, &text[run_start..]));
    }
    runs
}

/// Whether a font is the first bundled one (the one SVG text names first).
pub fn is_first(font: &Font) -> bool {
    bundled()
        .first()
        .is_some_and(|first| std::ptr::eq(first, font))
}

/// The width of a line of text set at `size` points: each run of one font (see
/// [`font_runs`]) shaped with harfrust, as egui and resvg shape it. A character no font has
/// counts as 0.56 em (the painters leave it out or draw a box).
pub fn width(text: &str, size: f32) -> f32 {
    font_runs(text)
        .into_iter()
        .map(|(font, run)| match font {
            Some(font) => font.shaped_advance(run) / font.units_per_em() * size,
            None => run.chars().count() as f32 * 0.56 * size,
        })
        .sum()
}

/// The distance from the top of a line to its baseline, for text set at `size` points.
pub fn ascent(size: f32) -> f32 {
    bundled().first().map_or(size * 0.93, |font| {
        f32::from(font.face.ascender()) / font.units_per_em() * size
    })
}

#[cfg(test)]
mod tests {
    use super::{bidi, covers, width};

    #[test]
    fn the_bundled_fonts_cover_latin_greek_cyrillic_arabic_and_hebrew() {
        for c in "Zelenskyy Зеленський Ελλάδα António Čapek ß جامعة الدول العربية ישראל".chars()
        {
            assert!(covers(c), "{c}");
        }
    }

    #[test]
    fn wider_text_measures_wider_and_scales_with_size() {
        assert!(width("Germany", 13.0) > width("EU", 13.0));
        assert!((width("Germany", 26.0) - 2.0 * width("Germany", 13.0)).abs() < 0.01);
        assert!(width("جامعة الدول العربية", 13.0) > width("جامعة", 13.0));
    }

    #[test]
    fn arabic_is_measured_in_its_joined_forms() {
        // Lam and alef join into one ligature, narrower than the two letters alone; "salam"
        // joined is narrower than its four letters' isolated forms.
        let apart = |text: &str| {
            text.chars()
                .map(|c| width(&c.to_string(), 20.0))
                .sum::<f32>()
        };
        assert!(width("لا", 20.0) < apart("لا") - 3.0);
        assert!(width("سلام", 20.0) < apart("سلام") - 10.0);
        assert!(bidi::has_rtl("سلام"));
    }
}
