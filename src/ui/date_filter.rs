//! The filter panel's dates: a histogram of positions per period over the file's dates, a
//! range (From, To) or an "as of" date (each actor's latest stance per issue up to it), a
//! Play button that steps through time, and whether undated positions are shown.

use egui::{Rect, RichText, Sense, Ui, pos2, vec2};

use crate::graph::{Filter, TimeWindow};
use crate::model::{Dataset, Date};
use crate::style::Theme;

/// What the dates section counts once per dataset.
#[derive(Debug)]
pub struct DateFacts {
    first: Date,
    last: Date,
    /// Whether bins are years (else months).
    yearly: bool,
    /// Positions per bin, from the first date's year or month.
    bins: Vec<u32>,
    /// Positions without any date.
    undated: usize,
    /// When Play last stepped (egui time), while playing.
    playing: Option<f64>,
}

/// How long Play shows each step, in seconds.
const PLAY_STEP: f64 = 0.6;

impl DateFacts {
    /// The dates of a dataset; `None` when no position has one.
    pub fn new(dataset: &Dataset) -> Option<Self> {
        let (first, last) = dataset.date_span()?;
        let yearly = last.year - first.year > 3;
        let mut facts = Self {
            first,
            last,
            yearly,
            bins: Vec::new(),
            undated: 0,
            playing: None,
        };
        facts.bins = vec![0; facts.bin_of(last) + 1];
        for p in dataset.position_ixs() {
            match dataset.date_of(p) {
                Some(d) => {
                    let bin = facts.bin_of(d);
                    facts.bins[bin] += 1;
                }
                None => facts.undated += 1,
            }
        }
        Some(facts)
    }

    fn bin_of(&self, d: Date) -> usize {
        if self.yearly {
            usize::from(d.year - self.first.year)
        } else {
            (usize::from(d.year) * 12 + usize::from(d.month))
                - (usize::from(self.first.year) * 12 + usize::from(self.first.month))
        }
    }

    /// The last day of a bin.
    fn bin_end(&self, bin: usize) -> Date {
        let start = if self.yearly {
            Date::from_days(
                Date {
                    year: self.first.year + bin as u16 + 1,
                    month: 1,
                    day: 1,
                }
                .days(),
            )
        } else {
            let months =
                usize::from(self.first.year) * 12 + usize::from(self.first.month) - 1 + bin + 1;
            Date {
                year: (months / 12) as u16,
                month: (months % 12) as u8 + 1,
                day: 1,
            }
        };
        Date::from_days(start.days() - 1).min(self.last)
    }
}

/// Shows the dates section; changes the filter's time window in place.
pub fn date_filter_ui(ui: &mut Ui, facts: &mut DateFacts, filter: &mut Filter, theme: Theme) {
    let time = &mut filter.time;
    ui.horizontal(|ui| {
        ui.label(RichText::new("Dates").strong());
        ui.weak(format!("{} – {}", facts.first, facts.last));
    });
    // The histogram, the window's bins drawn strong.
    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), 36.0), Sense::hover());
    let most = facts.bins.iter().copied().max().unwrap_or(1).max(1) as f32;
    let width = rect.width() / facts.bins.len().max(1) as f32;
    let (lo, hi) = (
        time.from.unwrap_or(facts.first),
        time.as_of.or(time.to).unwrap_or(facts.last),
    );
    let color = theme.stance_color(crate::model::StanceKind::Neutral);
    let strong = ui.visuals().selection.bg_fill;
    for (k, &count) in facts.bins.iter().enumerate() {
        let height = (count as f32 / most) * rect.height();
        let bar = Rect::from_min_max(
            pos2(rect.min.x + k as f32 * width + 0.5, rect.max.y - height),
            pos2(rect.min.x + (k + 1) as f32 * width - 0.5, rect.max.y),
        );
        let end = facts.bin_end(k);
        let inside = end >= lo && (k == 0 || facts.bin_end(k - 1) < hi);
        ui.painter().rect_filled(
            bar,
            0.0,
            if inside {
                strong
            } else {
                color.gamma_multiply(0.5)
            },
        );
    }
    let mut as_of = time.as_of.is_some();
    ui.horizontal(|ui| {
        if ui
            .radio(!as_of, "Range")
            .on_hover_text("Positions dated between two days")
            .clicked()
        {
            as_of = false;
        }
        if ui
            .radio(as_of, "Latest as of")
            .on_hover_text("Each actor's latest stance on each issue up to a day")
            .clicked()
        {
            as_of = true;
        }
        let label = if facts.playing.is_some() {
            "Stop"
        } else {
            "Play"
        };
        if ui
            .button(label)
            .on_hover_text("Step through time, a period at a time")
            .clicked()
        {
            facts.playing = if facts.playing.is_some() {
                None
            } else {
                // From the start of the range, one period first.
                let first_end = facts.bin_end(0);
                if as_of {
                    time.as_of = Some(first_end);
                } else {
                    time.to = Some(first_end);
                }
                Some(ui.input(|i| i.time))
            };
        }
    });
    let (first, last) = (facts.first.days(), facts.last.days());
    let slider = |ui: &mut Ui, value: &mut Option<Date>, default: Date, label: &str| {
        let mut days = value.unwrap_or(default).days();
        let response = ui.add(
            egui::Slider::new(&mut days, first..=last)
                .custom_formatter(|v, _| Date::from_days(v as i64).to_string())
                .custom_parser(|text| Date::parse(text.trim()).ok().map(|d| d.days() as f64))
                .text(label),
        );
        if response.changed() {
            *value = Some(Date::from_days(days));
        }
    };
    if as_of {
        time.from = None;
        time.to = None;
        if time.as_of.is_none() {
            time.as_of = Some(facts.last);
        }
        slider(ui, &mut time.as_of, facts.last, "As of");
    } else {
        time.as_of = None;
        slider(ui, &mut time.from, facts.first, "From");
        slider(ui, &mut time.to, facts.last, "To");
        // A range that is the whole span is no range.
        if time.from.is_some_and(|f| f <= facts.first) {
            time.from = None;
        }
        if time.to.is_some_and(|t| t >= facts.last) {
            time.to = None;
        }
        if let (Some(f), Some(t)) = (time.from, time.to)
            && f > t
        {
            time.to = Some(f);
        }
    }
    if facts.undated > 0 {
        let mut shown = !time.hide_undated;
        if ui
            .checkbox(&mut shown, format!("Undated positions ({})", facts.undated))
            .changed()
        {
            time.hide_undated = !shown;
        }
    }
    step_play(ui, facts, time);
}

/// While playing, moves the window's end on by a period every [`PLAY_STEP`] seconds.
fn step_play(ui: &Ui, facts: &mut DateFacts, time: &mut TimeWindow) {
    let Some(since) = facts.playing else { return };
    let now = ui.input(|i| i.time);
    if now - since >= PLAY_STEP {
        let end = time.as_of.or(time.to).unwrap_or(facts.last);
        let next = (0..facts.bins.len())
            .map(|k| facts.bin_end(k))
            .find(|&e| e > end);
        match next {
            Some(next) => {
                if time.as_of.is_some() {
                    time.as_of = Some(next);
                } else {
                    time.to = Some(next);
                }
                facts.playing = Some(now);
            }
            None => facts.playing = None,
        }
    }
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_secs_f64(PLAY_STEP / 3.0));
}
