//! The PNG painter: the page's SVG rasterised on the CPU by resvg with the bundled font.

use super::{ExportError, MAX_PIXELS, MAX_SIDE, Page, font, svg};

/// The page as PNG bytes, `page.scale` pixels per CSS pixel.
pub fn render(page: &Page<'_>) -> Result<Vec<u8>, ExportError> {
    let (width, height) = page.pixel_size();
    if width > u64::from(MAX_SIDE) || height > u64::from(MAX_SIDE) || width * height > MAX_PIXELS {
        return Err(ExportError::TooLarge { width, height });
    }
    let fail = |reason: String| ExportError::Render { reason };
    let options = resvg::usvg::Options {
        fontdb: font::database(),
        ..resvg::usvg::Options::default()
    };
    let tree = resvg::usvg::Tree::from_str(&svg::render(page), &options)
        .map_err(|e| fail(e.to_string()))?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width as u32, height as u32)
        .ok_or_else(|| fail(format!("cannot allocate {width}×{height} pixels")))?;
    let size = tree.size();
    let transform = resvg::tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| fail(e.to_string()))
}
