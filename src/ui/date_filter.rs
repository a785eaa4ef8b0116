//! The filter panel's dates: a histogram of positions per period over the file's dates with a
//! handle at each end of the window (drag a handle, or drag across it for a new range), a
//! range (From, To) or an "as of" date (each actor's latest stance per issue up to it), a
//! Play button that steps through time, and whether undated positions are shown.

use egui::{Rect, Sense, Ui, pos2, vec2};

use crate::graph::{Filter, TimeWindow};
use crate::model::Date;
use crate::style::Theme;

/// What the dates section counts once per dataset.
#[derive(Debug, PartialEq)]
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
    /// What a drag on the histogram moves.
    dragging: Option<Grip>,
}

/// What a drag on the histogram holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Grip {
    /// The range's start.
    From,
    /// The range's end (or the "as of" day).
    To,
    /// A new range, drawn from this day.
    Span(Date),
}

/// How long Play shows each step, in seconds.
const PLAY_STEP: f64 = 0.6;

impl DateFacts {
    /// The dates of a dataset's positions (each its own, else its source's: the graph's
    /// [`crate::graph::StanceGraph::dates`]); `None` when no position has one.
    pub fn new(dates: &[Option<Date>]) -> Option<Self> {
        let mut known = dates.iter().flatten();
        let first_date = *known.next()?;
        let (first, last) = known.fold((first_date, first_date), |(lo, hi), &d| {
            (lo.min(d), hi.max(d))
        });
        let yearly = last.year - first.year > 3;
        let mut facts = Self {
            first,
            last,
            yearly,
            bins: Vec::new(),
            undated: 0,
            playing: None,
            dragging: None,
        };
        facts.bins = vec![0; facts.bin_of(last) + 1];
        facts.count_in(dates);
        Some(facts)
    }

    /// Counts positions' dates into the histogram (an undated one as undated).
    fn count_in(&mut self, dates: &[Option<Date>]) {
        for date in dates {
            match date {
                Some(d) => {
                    let bin = self.bin_of(*d);
                    self.bins[bin] += 1;
                }
                None => self.undated += 1,
            }
        }
    }

    /// Follows an edit of positions: the dates of the positions taken away (`gone`) and put
    /// in (`come`) counted out and in. False, changing nothing, when the first or last date
    /// may have moved (then the histogram is to be made again).
    pub fn follow(&mut self, gone: &[Option<Date>], come: &[Option<Date>]) -> bool {
        let inside = |d: &Option<Date>| d.is_none_or(|d| d > self.first && d < self.last);
        let within = |d: &Option<Date>| d.is_none_or(|d| d >= self.first && d <= self.last);
        if !gone.iter().all(inside) || !come.iter().all(within) {
            return false;
        }
        for date in gone {
            match date {
                Some(d) => {
                    let bin = self.bin_of(*d);
                    self.bins[bin] = self.bins[bin].saturating_sub(1);
                }
                None => self.undated = self.undated.saturating_sub(1),
            }
        }
        self.count_in(come);
        true
    }

    /// Keeps what the user was doing with another version of the histogram (playing, or a
    /// drag under way).
    pub fn keep_motion(&mut self, was: &Self) {
        self.playing = was.playing;
        self.dragging = was.dragging;
    }

    fn bin_of(&self, d: Date) -> usize {
        // A window kept from another file may lie outside this one's dates.
        let d = d.clamp(self.first, self.last);
        if self.yearly {
            usize::from(d.year - self.first.year)
        } else {
            (usize::from(d.year) * 12 + usize::from(d.month))
                - (usize::from(self.first.year) * 12 + usize::from(self.first.month))
        }
    }

    /// The first day of a bin.
    fn bin_start(&self, bin: usize) -> Date {
        if bin == 0 {
            if self.yearly {
                Date {
                    year: self.first.year,
                    month: 1,
                    day: 1,
                }
            } else {
                Date {
                    day: 1,
                    ..self.first
                }
            }
        } else {
            Date::from_days(self.bin_end(bin - 1).days() + 1)
        }
    }

    /// Where a day is along the histogram, in bins (2.5: the middle of the third bin).
    fn place(&self, d: Date) -> f32 {
        let d = d.clamp(self.first, self.last);
        let bin = self.bin_of(d).min(self.bins.len().saturating_sub(1));
        let (start, end) = (self.bin_start(bin).days(), self.bin_end(bin).days());
        let fraction = (d.days() - start + 1) as f32 / (end - start + 1).max(1) as f32;
        bin as f32 + fraction.clamp(0.0, 1.0)
    }

    /// The day at a place along the histogram (the inverse of [`Self::place`]), within the
    /// file's dates.
    fn day_at(&self, place: f32) -> Date {
        let last_bin = self.bins.len().saturating_sub(1);
        let bin = (place.max(0.0) as usize).min(last_bin);
        let (start, end) = (self.bin_start(bin).days(), self.bin_end(bin).days());
        let fraction = (place - bin as f32).clamp(0.0, 1.0);
        let day = start - 1 + (fraction * (end - start + 1) as f32).round() as i64;
        Date::from_days(day.clamp(self.first.days(), self.last.days()))
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
/// What the dates section's heading says beside its title: the span of the dates.
pub fn date_span(facts: &DateFacts) -> String {
    format!("{} – {}", facts.first, facts.last)
}

/// The date filter's histogram, handles and fields (under a "Dates" heading the panel draws).
pub fn date_filter_ui(ui: &mut Ui, facts: &mut DateFacts, filter: &mut Filter, theme: Theme) {
    let time = &mut filter.time;
    // The histogram, the window's bins drawn strong; its two handles (one "as of") drag the
    // range's ends, and a drag elsewhere draws a new range.
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), 40.0), Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, "Dates histogram"));
    let per_bin = rect.width() / facts.bins.len().max(1) as f32;
    let x_of = |facts: &DateFacts, d: Date| rect.min.x + facts.place(d) * per_bin;
    let day_at = |facts: &DateFacts, x: f32| facts.day_at((x - rect.min.x) / per_bin);
    let as_of_mode = time.as_of.is_some();
    {
        let lo = time.from.unwrap_or(facts.first);
        let hi = time.as_of.or(time.to).unwrap_or(facts.last);
        // Where the button went down, not where the drag was recognised (a few points on).
        if response.drag_started()
            && let Some(p) = ui
                .input(|i| i.pointer.press_origin())
                .or_else(|| response.interact_pointer_pos())
        {
            // The nearer handle within 8 points; on a tie (handles on top of each other) the
            // From handle when pressed left of it, else To.
            let gap = |d: Date| (x_of(facts, d) - p.x).abs();
            let (to_gap, from_gap) = (gap(hi), gap(lo));
            facts.dragging = Some(if as_of_mode {
                Grip::To
            } else if from_gap <= 8.0 && (from_gap < to_gap || p.x < x_of(facts, lo)) {
                Grip::From
            } else if to_gap <= 8.0 {
                Grip::To
            } else {
                Grip::Span(day_at(facts, p.x))
            });
            facts.playing = None;
        }
        if let (Some(grip), Some(p)) = (facts.dragging, response.interact_pointer_pos())
            && (response.dragged() || response.drag_stopped())
        {
            let day = day_at(facts, p.x);
            match grip {
                Grip::To if as_of_mode => time.as_of = Some(day),
                Grip::To => time.to = Some(day.max(lo)),
                Grip::From => time.from = Some(day.min(hi)),
                Grip::Span(anchor) => {
                    time.from = Some(anchor.min(day));
                    time.to = Some(anchor.max(day));
                }
            }
        }
        if response.drag_stopped() {
            facts.dragging = None;
        }
        if response.clicked()
            && let Some(p) = response.interact_pointer_pos()
            && as_of_mode
        {
            time.as_of = Some(day_at(facts, p.x));
        }
    }
    let most = facts.bins.iter().copied().max().unwrap_or(1).max(1) as f32;
    let width = rect.width() / facts.bins.len().max(1) as f32;
    let (lo, hi) = (
        time.from.unwrap_or(facts.first),
        time.as_of.or(time.to).unwrap_or(facts.last),
    );
    let color = theme.stance_color(crate::model::StanceKind::Neutral);
    let strong = ui.visuals().selection.bg_fill;
    for (k, &count) in facts.bins.iter().enumerate() {
        let height = (count as f32 / most) * (rect.height() - 8.0);
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
    // The handles: a line and a knob at each end of the window.
    let handle = ui.visuals().widgets.active.fg_stroke.color;
    let ends = if as_of_mode { vec![hi] } else { vec![lo, hi] };
    for d in ends {
        let x = x_of(facts, d).clamp(rect.min.x + 1.0, rect.max.x - 1.0);
        ui.painter()
            .vline(x, rect.y_range(), egui::Stroke::new(1.5, handle));
        ui.painter().circle(
            pos2(x, rect.min.y + 4.0),
            4.0,
            ui.visuals().panel_fill,
            egui::Stroke::new(1.5, handle),
        );
    }
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_str;

    fn facts(dates: &[&str]) -> DateFacts {
        let positions: Vec<String> = dates
            .iter()
            .map(|d| {
                format!(r#"(actor: "a", issue: "x", stance: Support, quote: "q", date: "{d}")"#)
            })
            .collect();
        let text = format!(
            r#"(title: "T", actors: [(id: "a", name: "A", kind: Country)],
                issues: [(id: "x", name: "X")], positions: [{}])"#,
            positions.join(",")
        );
        let dataset = load_str(&text, "t.ron").expect("valid");
        DateFacts::new(crate::graph::StanceGraph::build(&dataset).dates()).expect("dates")
    }

    #[test]
    fn the_histogram_maps_days_to_places_and_back() {
        // Months: 2020-01 to 2020-04, four bins.
        let f = facts(&["2020-01-01", "2020-04-30"]);
        assert_eq!(f.bins.len(), 4);
        let day = |t: &str| Date::parse(t).expect("date");
        // The end of January is the end of the first bin; mid-February is half way through
        // the second (day 15 of 29).
        assert!((f.place(day("2020-01-31")) - 1.0).abs() < 1e-6);
        assert!((f.place(day("2020-02-15")) - (1.0 + 15.0 / 29.0)).abs() < 1e-6);
        for t in ["2020-01-01", "2020-02-29", "2020-03-17", "2020-04-30"] {
            assert_eq!(f.day_at(f.place(day(t))), day(t), "{t}");
        }
        // A day outside the file's dates (a window kept from another file) sits at an end.
        assert!((f.place(day("1999-05-01")) - f.place(day("2020-01-01"))).abs() < 1e-6);
        assert!((f.place(day("2030-05-01")) - 4.0).abs() < 1e-6);
        // Outside the histogram: the file's first and last days.
        assert_eq!(f.day_at(-3.0), day("2020-01-01"));
        assert_eq!(f.day_at(9.0), day("2020-04-30"));
        // Years: a span starting in October puts its first day late in the first bin.
        let y = facts(&["1983-10-04", "1990-06-01"]);
        assert_eq!(y.bins.len(), 8);
        assert!(y.place(day("1983-10-04")) > 0.7);
        assert_eq!(y.day_at(y.place(day("1986-07-01"))), day("1986-07-01"));
    }

    #[test]
    fn dates_counted_out_and_in_give_the_histogram_counted_afresh() {
        let f = |dates: &[&str]| facts(dates);
        let day = |t: &str| Some(Date::parse(t).expect("date"));
        let mut kept = f(&["2020-01-01", "2020-02-10", "2020-03-05", "2020-04-30"]);
        // One inside the span goes, another comes, an undated one comes.
        assert!(kept.follow(&[day("2020-02-10")], &[day("2020-03-20"), None]));
        let mut fresh = f(&["2020-01-01", "2020-03-05", "2020-04-30", "2020-03-20"]);
        fresh.undated = 1;
        assert_eq!(kept, fresh);
        // The first day going, or a day beyond the last coming, may move the ends: refused,
        // and nothing changed.
        assert!(!kept.follow(&[day("2020-01-01")], &[]));
        assert!(!kept.follow(&[], &[day("2021-01-01")]));
        assert_eq!(kept, fresh);
    }
}
