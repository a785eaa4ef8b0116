//! The balance of forces as a picture: one row per issue, its weight split by stance as a
//! stacked bar (for, for on a condition, neither, against, always in that order and in the
//! stances' colours), the weighted balance beside it with how many actors were weighed; the
//! page's title and footer as the other pictures have them.

use std::fmt::Write as _;

use super::svg::{paint, text};
use super::{ExportError, FOOTER_LINE, Format, MARGIN, SMALL_SIZE, TITLE_SIZE, font, png};
use crate::analysis::balance::{Balance, ORDER};
use crate::model::Dataset;
use crate::style::{LEGEND_ROW, Theme};

/// Name font size.
const NAME_SIZE: f32 = 12.0;
/// Widest an issue's name may be drawn.
const NAME_ROOM: f32 = 300.0;
/// The bar's width.
const BAR: f32 = 360.0;
/// One issue's row.
const ROW: f32 = 26.0;
/// Room for the figures after the bar.
const FIGURES: f32 = 260.0;

/// A balance page, laid out.
pub struct BalancePage<'a> {
    dataset: &'a Dataset,
    balances: &'a [Balance],
    title: String,
    footer: Vec<String>,
    theme: Theme,
    /// The room of the issues' names: the widest, up to [`NAME_ROOM`].
    names: f32,
    width: f32,
    height: f32,
    scale: f32,
}

/// The balance in words: "+0.26", "−1.00", or "no weight".
pub fn balance_text(balance: &Balance) -> String {
    match balance.balance() {
        Some(b) if b < 0.0 => format!("\u{2212}{:.2}", -b),
        Some(b) => format!("+{b:.2}"),
        None => "no weight".to_owned(),
    }
}

/// How many actors were weighed: "4 of 5 actors weighed".
pub fn weighed_text(balance: &Balance) -> String {
    format!(
        "{} of {} actor{} weighed",
        balance.weighted,
        balance.actors,
        if balance.actors == 1 { "" } else { "s" }
    )
}

impl<'a> BalancePage<'a> {
    /// Lays the page out.
    pub fn new(
        dataset: &'a Dataset,
        balances: &'a [Balance],
        title: &str,
        footer: Vec<String>,
        theme: Theme,
        scale: f32,
    ) -> Self {
        let chrome = font::text_width(title, TITLE_SIZE).max(
            footer
                .iter()
                .map(|l| font::text_width(l, SMALL_SIZE))
                .fold(0.0, f32::max),
        );
        let names = balances
            .iter()
            .map(|b| font::text_width(&dataset.issue(b.issue).name, NAME_SIZE))
            .fold(40.0, f32::max)
            .min(NAME_ROOM);
        let width = (names + 12.0 + BAR + 12.0 + FIGURES).max(chrome) + 2.0 * MARGIN;
        let height = MARGIN
            + TITLE_SIZE * 1.4
            + 8.0
            + LEGEND_ROW * 2.0
            + 8.0
            + balances.len().max(1) as f32 * ROW
            + 16.0
            + footer.len() as f32 * FOOTER_LINE
            + MARGIN;
        Self {
            dataset,
            balances,
            title: title.to_owned(),
            footer,
            theme,
            names,
            width,
            height,
            scale,
        }
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
        let mut out = String::with_capacity(4096 + self.balances.len() * 600);
        super::svg::open_page(
            &mut out,
            emath::vec2(self.width, self.height),
            self.scale,
            &palette,
            &self.title,
        );
        let mut top = MARGIN + TITLE_SIZE * 1.4 + 8.0;
        // The key: what the bar's parts and the number mean.
        text(
            &mut out,
            MARGIN,
            top + 3.0,
            SMALL_SIZE,
            "start",
            palette.text,
            "Each bar: the weight (influence × salience / 100) of the actors' latest stances. Balance: from \u{2212}1 (all against) to +1 (all for).",
        );
        top += LEGEND_ROW;
        let mut x = MARGIN;
        for stance in ORDER {
            let _ = writeln!(
                out,
                "<rect x=\"{x:.2}\" y=\"{:.2}\" width=\"14\" height=\"14\" rx=\"2\" {}/>",
                top + 3.0,
                paint("fill", self.theme.stance_color(stance))
            );
            let words = stance.label();
            text(
                &mut out,
                x + 20.0,
                top + 3.0,
                SMALL_SIZE,
                "start",
                palette.text,
                words,
            );
            x += 20.0 + font::text_width(words, SMALL_SIZE) * 1.18 + 18.0;
        }
        top += LEGEND_ROW + 8.0;
        let left = MARGIN + self.names + 12.0;
        let _ = writeln!(out, "<g id=\"issues\">");
        for (k, balance) in self.balances.iter().enumerate() {
            let y = top + k as f32 * ROW;
            let name = crate::style::shorten_keeping_tail(
                &self.dataset.issue(balance.issue).name,
                self.names,
                |s| font::text_width(s, NAME_SIZE),
            );
            text(
                &mut out,
                left - 12.0,
                y + (ROW - NAME_SIZE) / 2.0 - 2.0,
                NAME_SIZE,
                "end",
                palette.text,
                &name,
            );
            let bar_top = y + 5.0;
            let height = ROW - 10.0;
            let _ = writeln!(
                out,
                "<rect x=\"{left:.2}\" y=\"{bar_top:.2}\" width=\"{BAR:.2}\" height=\"{height:.2}\" rx=\"2\" fill=\"none\" {}/>",
                paint("stroke", palette.weak_text)
            );
            let mut at = left;
            for (stance, share) in ORDER.iter().zip(balance.shares()) {
                let w = BAR * share as f32;
                if w <= 0.0 {
                    continue;
                }
                let _ = writeln!(
                    out,
                    "<rect x=\"{at:.2}\" y=\"{bar_top:.2}\" width=\"{w:.2}\" height=\"{height:.2}\" {}/>",
                    paint("fill", self.theme.stance_color(*stance))
                );
                at += w;
            }
            let figures = format!(
                "{}  \u{b7}  {}",
                balance_text(balance),
                weighed_text(balance)
            );
            text(
                &mut out,
                left + BAR + 12.0,
                y + (ROW - NAME_SIZE) / 2.0 - 2.0,
                NAME_SIZE,
                "start",
                palette.text,
                &figures,
            );
        }
        let _ = writeln!(out, "</g>");
        let footer_top = top + self.balances.len().max(1) as f32 * ROW + 16.0;
        super::svg::close_page(&mut out, footer_top, &self.footer, palette.weak_text);
        out
    }

    /// The page in a picture format.
    pub fn render(&self, format: Format) -> Result<Vec<u8>, ExportError> {
        let background = self.theme.palette().background;
        if let Some(bytes) = png::picture(format, self.pixel_size(), background, || self.svg()) {
            return bytes;
        }
        Err(ExportError::Data {
            format: format.name(),
            reason: "the balance is written as .csv (its figures), .png or .svg (its bars)"
                .to_owned(),
        })
    }
}
