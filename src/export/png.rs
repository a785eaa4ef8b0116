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
    encode(&pixmap).map_err(|e| fail(e.to_string()))
}

/// Encodes an opaque pixmap as an RGB PNG. Snapshots always paint an opaque background, so
/// the alpha channel carries nothing; fast compression keeps big images quick to write.
fn encode(pixmap: &resvg::tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let rgb: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect();
    let mut bytes = Vec::with_capacity(rgb.len() / 4);
    {
        let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::FilterType::Paeth);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&rgb)?;
    }
    Ok(bytes)
}
