//! The matrix as a picture: the same page as the graph's (title, legend, footer, the bundled
//! font), with the actors' names to the left of the rows and the issues' names written
//! upwards above the columns; each cell coloured by its latest stance, with the stance's mark
//! and the number of positions when there are several.

use std::fmt::Write as _;

use ecolor::Color32;

use super::svg::{escape, paint, text};
use super::{
    ExportError, FOOTER_LINE, Format, MARGIN, MAX_SIDE, SMALL_SIZE, TITLE_SIZE, font, png,
};
use crate::analysis::matrix::Matrix;
use crate::model::{Dataset, StanceKind};
use crate::style::colour::Colouring;
use crate::style::{LEGEND_ROW, LegendItem, Shape, Theme};

/// Widest a name may be drawn, in CSS pixels.
const NAME_ROOM: f32 = 220.0;

/// Name font size.
const NAME_SIZE: f32 = 11.0;

/// A matrix page, laid out.
pub struct MatrixPage<'a> {
    matrix: &'a Matrix,
    dataset: &'a Dataset,
    title: String,
    footer: Vec<String>,
    theme: Theme,
    /// Cell size, in CSS pixels.
    cell: f32,
    /// Room for the row names and the column names.
    names: (f32, f32),
    /// The rows and columns named: all when cells are as tall as a name, else every n-th
    /// ([`crate::style::names_shown`], as the window names them).
    named: (Vec<usize>, Vec<usize>),
    /// Whether a cell holds several positions (the legend then says what its count means).
    several: bool,
    /// Page size in CSS pixels.
    width: f32,
    height: f32,
    /// Pixels per CSS pixel.
    scale: f32,
    /// What actors are coloured by: a stripe by each row, and its key.
    colouring: Option<Colouring>,
    /// Each column's balance of forces, when the file weighs its actors: a strip below each
    /// issue's name, as the window draws it.
    balances: Option<Vec<crate::analysis::balance::Balance>>,
}

impl<'a> MatrixPage<'a> {
    /// Lays a matrix out: cells of 14 pixels, smaller when the page would be too large to draw
    /// (then every n-th name is written, as in the window).
    pub fn new(
        matrix: &'a Matrix,
        dataset: &'a Dataset,
        title: &str,
        footer: Vec<String>,
        theme: Theme,
        scale: f32,
    ) -> Self {
        let (rows, columns) = (matrix.actors.len() as f32, matrix.issues.len() as f32);
        let longest = |names: &mut dyn Iterator<Item = &str>| {
            names
                .map(|n| font::text_width(n, NAME_SIZE))
                .fold(0.0, f32::max)
                .min(NAME_ROOM)
                + 8.0
        };
        let limit = MAX_SIDE as f32 / scale.max(0.1) - 2.0 * MARGIN - NAME_ROOM - 200.0;
        let cell = (limit / rows.max(columns).max(1.0)).clamp(1.0, 14.0);
        let room = NAME_SIZE + 3.0;
        let shown = (
            crate::style::names_shown(0..matrix.actors.len(), cell, room, &[]),
            crate::style::names_shown(0..matrix.issues.len(), cell, room, &[]),
        );
        let names = (
            longest(
                &mut shown
                    .0
                    .iter()
                    .map(|&r| dataset.actor(matrix.actors[r]).name.as_str()),
            ),
            longest(
                &mut shown
                    .1
                    .iter()
                    .map(|&c| dataset.issue(matrix.issues[c]).name.as_str()),
            ),
        );
        let several = matrix.most_in_a_cell() > 1;
        let chrome_width = font::text_width(title, TITLE_SIZE)
            .max(
                footer
                    .iter()
                    .map(|l| font::text_width(l, SMALL_SIZE))
                    .fold(460.0, f32::max),
            )
            .max(legend_width())
            .max(font::text_width(crate::style::MATRIX_KEY, SMALL_SIZE));
        let width = (names.0 + columns * cell).max(chrome_width) + 2.0 * MARGIN;
        let height = MARGIN
            + TITLE_SIZE * 1.4
            + 12.0
            + names.1
            + rows * cell
            + 16.0
            + LEGEND_ROW * if several { 3.0 } else { 2.0 }
            + 8.0
            + footer.len() as f32 * FOOTER_LINE
            + MARGIN;
        Self {
            matrix,
            dataset,
            title: title.to_owned(),
            footer,
            theme,
            cell,
            names,
            named: shown,
            several,
            width,
            height,
            scale,
            colouring: None,
            balances: None,
        }
        .with_balances()
    }

    /// The balance strip, when the file weighs its actors (and a legend line for it).
    fn with_balances(mut self) -> Self {
        if self.dataset.actors.iter().any(|a| a.influence.is_some()) {
            self.balances = Some(self.matrix.balances(self.dataset));
            self.height += LEGEND_ROW;
        }
        self
    }

    /// Draws a stripe by each row in its actor's colour (as the window does), with its key,
    /// unless actors are coloured by kind.
    #[must_use]
    pub fn with_colouring(mut self, colouring: &Colouring) -> Self {
        if !colouring.is_kind() {
            self.colouring = Some(colouring.clone());
            self.height += LEGEND_ROW;
        }
        self
    }

    /// The image size in pixels.
    pub fn pixel_size(&self) -> (u64, u64) {
        (
            (self.width * self.scale).ceil() as u64,
            (self.height * self.scale).ceil() as u64,
        )
    }

    /// The page as SVG text.
    pub fn svg(&self) -> String {
        let palette = self.theme.palette();
        let (matrix, dataset, cell) = (self.matrix, self.dataset, self.cell);
        let mut out = String::with_capacity(4096 + matrix.position_count() * 120);
        super::svg::open_page(
            &mut out,
            emath::vec2(self.width, self.height),
            self.scale,
            &palette,
            &self.title,
        );
        let top = MARGIN + TITLE_SIZE * 1.4 + 12.0 + self.names.1;
        let left = MARGIN + self.names.0;
        {
            let _ = writeln!(out, "<g id=\"issues\">");
            for &c in &self.named.1 {
                let issue = matrix.issues[c];
                let x = left + (c as f32 + 0.5) * cell + NAME_SIZE * 0.35;
                let _ = writeln!(
                    out,
                    "<text transform=\"translate({x:.2} {:.2}) rotate(-90)\" font-size=\"{NAME_SIZE}\" {}>{}</text>",
                    top - 4.0,
                    paint("fill", palette.text),
                    escape(&clip(&dataset.issue(issue).name, NAME_ROOM - 8.0))
                );
            }
            let _ = writeln!(out, "</g>");
            let _ = writeln!(out, "<g id=\"actors\">");
            let name_right = if let Some(colouring) = &self.colouring {
                for (r, &a) in matrix.actors.iter().enumerate() {
                    let fill = colouring.fill(a, dataset.actor(a).kind, self.theme);
                    let _ = writeln!(
                        out,
                        "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"3\" height=\"{cell:.2}\" {}/>",
                        left - 4.0,
                        top + r as f32 * cell,
                        paint("fill", fill)
                    );
                }
                left - 7.0
            } else {
                left - 4.0
            };
            for &r in &self.named.0 {
                let actor = matrix.actors[r];
                text(
                    &mut out,
                    name_right,
                    top + r as f32 * cell + (cell - NAME_SIZE) / 2.0 - 1.0,
                    NAME_SIZE,
                    "end",
                    palette.text,
                    &clip(&dataset.actor(actor).name, NAME_ROOM - 8.0),
                );
            }
            let _ = writeln!(out, "</g>");
        }
        if let Some(balances) = &self.balances {
            let _ = writeln!(out, "<g id=\"balance\">");
            for (c, b) in balances.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{cell:.2}\" height=\"4\" {}><title>Balance of forces {}</title></rect>",
                    left + c as f32 * cell,
                    top - 5.0,
                    paint("fill", crate::style::balance_color(self.theme, b.balance())),
                    super::balance::balance_text(b)
                );
            }
            let _ = writeln!(out, "</g>");
        }
        let _ = writeln!(out, "<g id=\"cells\">");
        let mark = mark_color(self.theme);
        for r in 0..matrix.actors.len() {
            for (c, list) in matrix.row_cells(r) {
                let Some(&latest) = list.last() else { continue };
                let stance = dataset.position(latest).stance.kind();
                let (x, y) = (left + *c as f32 * cell, top + r as f32 * cell);
                let inset = if cell >= 6.0 { 0.75 } else { 0.0 };
                let _ = write!(
                    out,
                    "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" rx=\"{:.2}\" {}/>",
                    x + inset,
                    y + inset,
                    cell - 2.0 * inset,
                    cell - 2.0 * inset,
                    (cell * 0.15).min(2.0),
                    paint("fill", self.theme.stance_color(stance))
                );
                if cell >= 8.0 {
                    mark_svg(&mut out, x + cell / 2.0, y + cell / 2.0, cell, stance, mark);
                }
                if list.len() > 1 && cell >= 12.0 {
                    let _ = write!(
                        out,
                        "<text x=\"{:.2}\" y=\"{:.2}\" font-size=\"{:.1}\" text-anchor=\"end\" {}>{}</text>",
                        x + cell - 1.0,
                        y + cell - 1.0,
                        cell * 0.45,
                        paint("fill", mark),
                        list.len()
                    );
                }
                out.push('\n');
            }
        }
        let _ = writeln!(out, "</g>");
        // The legend in plain words, as in the window: what a square says, each stance's
        // colour and mark, the blank square, and what a count means when there is one.
        let mut legend_top = top + matrix.actors.len() as f32 * cell + 16.0;
        let _ = writeln!(out, "<g id=\"legend\">");
        text(
            &mut out,
            MARGIN,
            legend_top + 3.0,
            SMALL_SIZE,
            "start",
            palette.text,
            crate::style::MATRIX_KEY,
        );
        legend_top += LEGEND_ROW;
        let mut x = MARGIN;
        let swatch = |out: &mut String, x: &mut f32, fill: Option<StanceKind>, words: &str| {
            match fill {
                Some(stance) => {
                    let _ = writeln!(
                        out,
                        "<rect x=\"{x:.2}\" y=\"{:.2}\" width=\"14\" height=\"14\" rx=\"2\" {}/>",
                        legend_top + 3.0,
                        paint("fill", self.theme.stance_color(stance))
                    );
                    mark_svg(out, *x + 7.0, legend_top + 10.0, 14.0, stance, mark);
                }
                None => {
                    let _ = writeln!(
                        out,
                        "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"13\" height=\"13\" rx=\"2\" fill=\"none\" {}/>",
                        *x + 0.5,
                        legend_top + 3.5,
                        paint("stroke", palette.weak_text)
                    );
                }
            }
            text(
                out,
                *x + 20.0,
                legend_top + 3.0,
                SMALL_SIZE,
                "start",
                palette.text,
                words,
            );
            *x += 20.0 + font::text_width(words, SMALL_SIZE) * 1.18 + 18.0;
        };
        for stance in StanceKind::ALL {
            swatch(
                &mut out,
                &mut x,
                Some(stance),
                crate::style::cell_meaning(stance),
            );
        }
        swatch(&mut out, &mut x, None, crate::style::MATRIX_EMPTY);
        if self.several {
            legend_top += LEGEND_ROW;
            text(
                &mut out,
                MARGIN,
                legend_top + 3.0,
                SMALL_SIZE,
                "start",
                palette.weak_text,
                crate::style::MATRIX_SEVERAL,
            );
        }
        if self.balances.is_some() {
            legend_top += LEGEND_ROW;
            text(
                &mut out,
                MARGIN,
                legend_top + 3.0,
                SMALL_SIZE,
                "start",
                palette.weak_text,
                "The strip below each issue: its balance of forces (green leans for, vermillion against; grey: no weight).",
            );
        }
        if let Some(colouring) = &self.colouring {
            legend_top += LEGEND_ROW;
            let shown = matrix.actors.iter().map(|&a| (a, dataset.actor(a).kind));
            let items = colouring.legend(shown, self.theme).unwrap_or_default();
            let what = format!("Stripe: {}", colouring.by.label());
            text(
                &mut out,
                MARGIN,
                legend_top + 3.0,
                SMALL_SIZE,
                "start",
                palette.text,
                &what,
            );
            let mut x = MARGIN + font::text_width(&what, SMALL_SIZE) * 1.18 + 12.0;
            for item in &items {
                if let LegendItem::Node {
                    shape: Shape::Circle,
                    fill,
                    label,
                    ..
                } = item
                    && !crate::model::ActorKind::ALL
                        .iter()
                        .any(|k| k.label() == label.as_ref())
                {
                    let _ = writeln!(
                        out,
                        "<rect x=\"{x:.2}\" y=\"{:.2}\" width=\"6\" height=\"14\" rx=\"1\" {}/>",
                        legend_top + 3.0,
                        paint("fill", *fill)
                    );
                    text(
                        &mut out,
                        x + 10.0,
                        legend_top + 3.0,
                        SMALL_SIZE,
                        "start",
                        palette.text,
                        label,
                    );
                    x += 10.0 + font::text_width(label, SMALL_SIZE) * 1.18 + 14.0;
                }
            }
        }
        let _ = writeln!(out, "</g>");
        let footer_top = legend_top + LEGEND_ROW + 8.0;
        super::svg::close_page(&mut out, footer_top, &self.footer, palette.weak_text);
        out
    }

    /// The page in a picture format.
    pub fn render(&self, format: Format) -> Result<Vec<u8>, ExportError> {
        let background = self.theme.palette().background;
        if let Some(bytes) = png::picture(format, self.pixel_size(), background, || self.svg()) {
            return bytes;
        }
        match format {
            // Pictures are drawn above.
            Format::Graphml | Format::Gexf | Format::Png | Format::Svg => {
                Err(ExportError::NotData {
                    format: format.name(),
                })
            }
            Format::Html => Err(ExportError::Data {
                format: format.name(),
                reason: "the interactive page holds the whole map, its matrix included: export it from the graph (`stancemap export`)".to_owned(),
            }),
            Format::Csv => self
                .matrix
                .csv(self.dataset)
                .map_err(|e| ExportError::Data {
                    format: "CSV",
                    reason: e.to_string(),
                }),
        }
    }
}

/// The legend's row of swatches, as wide as the picture draws it.
fn legend_width() -> f32 {
    StanceKind::ALL
        .iter()
        .map(|&s| crate::style::cell_meaning(s))
        .chain([crate::style::MATRIX_EMPTY])
        .map(|words| 20.0 + font::text_width(words, SMALL_SIZE) * 1.18 + 18.0)
        .sum()
}

/// A name cut to a width (in CSS pixels at the name size) keeping its distinguishing tail,
/// as the window writes it ([`crate::style::shorten_keeping_tail`]).
fn clip(name: &str, width: f32) -> String {
    crate::style::shorten_keeping_tail(name, width, |s| font::text_width(s, NAME_SIZE))
}

/// The colour of a cell's mark.
fn mark_color(theme: Theme) -> Color32 {
    match theme {
        Theme::Light => Color32::WHITE,
        Theme::Dark => Color32::from_gray(20),
    }
}

/// A stance's mark centred at (x, y) in a cell of size `cell`: + support, − reject,
/// ○ condition, · neutral.
fn mark_svg(out: &mut String, x: f32, y: f32, cell: f32, stance: StanceKind, color: Color32) {
    let r = cell * 0.28;
    let width = (cell * 0.1).clamp(1.0, 2.5);
    let stroke = format!(
        "{} stroke-width=\"{width:.2}\" fill=\"none\"",
        paint("stroke", color)
    );
    let _ = match stance {
        StanceKind::Support => write!(
            out,
            "<path d=\"M{:.2} {y:.2}H{:.2}M{x:.2} {:.2}V{:.2}\" {stroke}/>",
            x - r,
            x + r,
            y - r,
            y + r
        ),
        StanceKind::Reject => write!(
            out,
            "<path d=\"M{:.2} {y:.2}H{:.2}\" {stroke}/>",
            x - r,
            x + r
        ),
        StanceKind::Condition => write!(
            out,
            "<circle cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"{:.2}\" {stroke}/>",
            r * 0.8
        ),
        StanceKind::Neutral => write!(
            out,
            "<circle cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"{:.2}\" {}/>",
            width * 0.8,
            paint("fill", color)
        ),
    };
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::MatrixPage;
    use crate::analysis::matrix::{Matrix, Order};
    use crate::model::load_str;
    use crate::style::Theme;

    /// `rows` countries on one issue, each supporting it.
    fn countries(rows: usize) -> crate::model::Dataset {
        let mut text = String::from("(title: \"t\", actors: [");
        for k in 0..rows {
            let _ = write!(
                text,
                "(id: \"c{k}\", name: \"Country {k:03}\", kind: Country),"
            );
        }
        text.push_str("], issues: [(id: \"x\", name: \"Vote (R/1/1)\")], positions: [");
        for k in 0..rows {
            let _ = write!(
                text,
                "(actor: \"c{k}\", issue: \"x\", stance: Support, quote: \"q\"),"
            );
        }
        text.push_str("])");
        load_str(&text, "t.ron").expect("valid")
    }

    #[test]
    fn small_cells_name_every_nth_row_as_the_window_does() {
        let dataset = countries(500);
        let matrix = Matrix::new(
            &dataset,
            dataset.position_ixs(),
            &dataset.issue_ixs().collect::<Vec<_>>(),
            Order::Name,
        );
        // At 10 pixels per CSS pixel the page allows (32,000 / 10 - 48 - 420) / 500 = 5.46
        // pixels a row; a name needs 14: every third row is named (14 / 5.46 = 2.6).
        let page = MatrixPage::new(&matrix, &dataset, "t", Vec::new(), Theme::Light, 10.0);
        assert!((page.cell - 5.464).abs() < 0.01, "{}", page.cell);
        let svg = page.svg();
        for named in ["Country 000", "Country 003", "Country 498"] {
            assert!(svg.contains(&format!(">{named}<")), "{named}");
        }
        for unnamed in ["Country 001", "Country 002", "Country 499"] {
            assert!(!svg.contains(&format!(">{unnamed}<")), "{unnamed}");
        }
        // The legend in the window's words, and no count note: one position a square.
        assert!(svg.contains(">neutral or abstained<"));
        assert!(svg.contains(">blank: no position<"));
        assert!(!svg.contains("A number in a square"));

        // Cells of 14 pixels name every row.
        let page = MatrixPage::new(&matrix, &dataset, "t", Vec::new(), Theme::Light, 1.0);
        let svg = page.svg();
        assert!((0..500).all(|k| svg.contains(&format!(">Country {k:03}<"))));
    }
}
