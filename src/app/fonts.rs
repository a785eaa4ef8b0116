//! The window's fonts for every script: the bundled Arabic and Hebrew faces, and the system
//! faces `crate::text` found for the dataset's text, in the order labels are measured in.

/// Gives egui the system fonts `crate::text` read for the dataset's text (Chinese, Japanese,
/// Korean, …), after the bundled ones: the window draws with the fonts the labels were
/// measured in. egui keeps a font added once; adding it again does nothing.
pub fn add_system_fonts(ctx: &egui::Context) {
    for font in crate::text::system_fonts_in_use() {
        let mut data = egui::FontData::from_static(font.data);
        data.index = font.index;
        ctx.add_font(egui::epaint::text::FontInsert {
            name: format!("{} #{}", font.family, font.index),
            data,
            families: [egui::FontFamily::Proportional, egui::FontFamily::Monospace]
                .into_iter()
                .map(|family| egui::epaint::text::InsertFontFamily {
                    family,
                    priority: egui::epaint::text::FontPriority::Lowest,
                })
                .collect(),
        });
    }
}

/// Adds the bundled Arabic and Hebrew fonts after egui's own (the order `crate::text` measures
/// labels in); other scripts (Chinese, Japanese, Korean, …) come from the system's fonts
/// through eframe's fallback.
pub fn add_script_fonts(ctx: &egui::Context) {
    for (name, data) in [
        ("Noto Sans Arabic", crate::text::NOTO_ARABIC),
        ("Noto Sans Hebrew", crate::text::NOTO_HEBREW),
    ] {
        ctx.add_font(egui::epaint::text::FontInsert {
            name: name.to_owned(),
            data: egui::FontData::from_static(data),
            families: [egui::FontFamily::Proportional, egui::FontFamily::Monospace]
                .into_iter()
                .map(|family| egui::epaint::text::InsertFontFamily {
                    family,
                    priority: egui::epaint::text::FontPriority::Lowest,
                })
                .collect(),
        });
    }
}
