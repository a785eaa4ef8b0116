//! Names in every script: Latin, Greek, Cyrillic, Arabic, Hebrew, Chinese, Japanese and Korean
//! (`tests/fixtures/scripts.ron`) are drawn with no missing glyph, fit their labels exactly in
//! the PNG, and read right to left in the window.

use egui_kittest::kittest::Queryable as _;
use stancemap::app::{AppState, StancemapApp};
use stancemap::document::Document;
use stancemap::export::{self, ExportOptions};
use stancemap::graph::Filter;
use stancemap::model::{self, DataSource, Dataset};
use stancemap::scene::Scene;
use stancemap::style::Theme;
use stancemap::text::{self, bidi};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/scripts.ron");

fn fixture() -> Dataset {
    model::load_file(std::path::Path::new(FIXTURE)).expect("valid")
}

/// Whether the system has a font for Chinese, Japanese and Korean (CI installs
/// fonts-noto-cjk; elsewhere the CJK checks are skipped).
fn has_cjk_font() -> bool {
    let found = "中日本대".chars().all(|c| text::font_for(c).is_some());
    assert!(
        found || std::env::var_os("CI").is_none(),
        "no CJK font in CI: install fonts-noto-cjk"
    );
    found
}

fn scene(dataset: &Dataset) -> (Document, Scene) {
    let doc = Document::laid_out(
        DataSource::BuiltIn,
        dataset.clone(),
        Filter::default(),
        None,
    );
    let scene = Scene::of(&doc, Theme::Light);
    (doc, scene)
}

#[test]
fn right_to_left_labels_are_in_display_order_for_the_window() {
    let dataset = fixture();
    let (_, scene) = scene(&dataset);
    let line = |id: &str| -> Vec<String> {
        scene
            .nodes
            .iter()
            .find(|n| &*n.id == id)
            .expect("node")
            .display_lines()
            .map(std::borrow::Cow::into_owned)
            .collect()
    };
    // The words of "League of Arab States" and "State of Israel" right to left: the first word
    // read is drawn last, at the right.
    assert_eq!(line("arab-league"), ["العربية الدول جامعة"]);
    assert_eq!(line("israel"), ["ישראל מדינת"]);
    // Left-to-right names are as written.
    assert_eq!(line("greece"), ["Ελληνική Δημοκρατία"]);
    // The same nodes keep their names as written, for the exports and screen readers.
    let arab = scene
        .nodes
        .iter()
        .find(|n| &*n.id == "arab-league")
        .expect("node");
    assert_eq!(arab.label_lines[0], "جامعة الدول العربية");
}

#[test]
fn every_script_is_drawn_in_the_png_and_fits_its_label() {
    if !has_cjk_font() {
        return;
    }
    let dataset = fixture();
    let (doc, scene) = scene(&dataset);
    let page = export::page(
        &scene,
        &dataset.title,
        doc.footer(),
        &ExportOptions::default(),
    );
    assert_eq!(page.missing_glyphs(), Vec::<char>::new());
    let svg = export::svg::render(&page);
    let png = export::render(&page, export::Format::Png).expect("png");
    let image = image_of(&png);
    let xml = roxmltree::Document::parse(&svg).expect("svg");
    let mut checked = 0;
    for group in xml
        .descendants()
        .filter(|n| n.attribute("id").is_some_and(|id| id.starts_with("label-")))
    {
        let rect = group
            .children()
            .find(|n| n.has_tag_name("rect"))
            .expect("backdrop");
        let number = |name: &str| -> f32 { rect.attribute(name).expect(name).parse().expect(name) };
        let (x, y, w, h) = (number("x"), number("y"), number("width"), number("height"));
        // The dark pixels of the text inside the backdrop's rows.
        let (mut left, mut right) = (f32::MAX, f32::MIN);
        for py in (y.ceil() as usize + 1)..((y + h).floor() as usize).saturating_sub(1) {
            for px in (x - 12.0).max(0.0) as usize..((x + w + 12.0) as usize).min(image.width) {
                if image.luminance(px, py) < 110.0 {
                    left = left.min(px as f32);
                    right = right.max(px as f32 + 1.0);
                }
            }
        }
        let id = group.attribute("id").expect("id");
        assert!(left < right, "{id}: no text drawn");
        // The text lies within its backdrop, which holds no more than the text and its 2-point
        // margins (a glyph's side bearings leave up to a few pixels free).
        assert!(
            left >= x + 0.5 && right <= x + w - 0.5,
            "{id}: text {left}..{right} outside its backdrop {x}..{}",
            x + w
        );
        assert!(
            (right - left) >= w - 4.0 - 6.0,
            "{id}: text {} wide in a backdrop {w} wide",
            right - left
        );
        checked += 1;
    }
    assert_eq!(checked, dataset.actors.len() + dataset.issues.len());
}

/// A decoded PNG.
struct Image {
    width: usize,
    channels: usize,
    pixels: Vec<u8>,
}

impl Image {
    fn luminance(&self, x: usize, y: usize) -> f32 {
        let at = (y * self.width + x) * self.channels;
        let [red, green, blue] =
            [self.pixels[at], self.pixels[at + 1], self.pixels[at + 2]].map(f32::from);
        0.2126 * red + 0.7152 * green + 0.0722 * blue
    }
}

fn image_of(bytes: &[u8]) -> Image {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("png");
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut pixels).expect("frame");
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected {other:?}"),
    };
    Image {
        width: info.width as usize,
        channels,
        pixels,
    }
}

#[test]
fn the_window_shows_a_right_to_left_name_in_display_order() {
    let mut harness = egui_kittest::Harness::builder()
        .with_size([1280.0, 800.0])
        .with_theme(egui::Theme::Light)
        .build_eframe(|cc| {
            StancemapApp::with_state(
                &cc.egui_ctx,
                AppState::default(),
                DataSource::File(FIXTURE.into()),
            )
        });
    harness.run();
    // The node is named as written (screen readers read it in order) …
    harness
        .get_by_label("Organization: جامعة الدول العربية")
        .click();
    harness.run();
    // … and the inspector's heading shows its words right to left.
    let heading = bidi::visual("جامعة الدول العربية").into_owned();
    assert_eq!(heading, "العربية الدول جامعة");
    harness.get_by_label(&heading);
}
