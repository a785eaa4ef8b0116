//! Calendar dates written `YYYY-MM-DD`.

use std::fmt;

/// A real calendar date (proleptic Gregorian), as written in a positions file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, 0000–9999.
    pub year: u16,

    /// Month, 1–12.
    pub month: u8,

    /// Day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, or says why the text is not a real date.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err("expected a date written YYYY-MM-DD".to_owned());
        }
        let number = |range: std::ops::Range<usize>| -> u16 {
            bytes[range]
                .iter()
                .fold(0, |acc, b| acc * 10 + u16::from(b - b'0'))
        };
        let year = number(0..4);
        let month = number(5..7) as u8;
        let day = number(8..10) as u8;
        if !(1..=12).contains(&month) {
            return Err(format!("there is no month {month:02}"));
        }
        let last = days_in_month(year, month);
        if day == 0 || day > last {
            return Err(if month == 2 && day == 29 {
                format!("{year} is not a leap year, so it has no February 29")
            } else {
                format!("month {month:02} of {year} has {last} days, not {day}")
            });
        }
        Ok(Self { year, month, day })
    }
}

impl Date {
    /// Days since 1970-01-01 (negative before), for date arithmetic and sliders.
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (clamped to the years 0000–9999).
    pub fn from_days(days: i64) -> Self {
        let z = days.clamp(-719_528, 2_932_896) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self {
            year: year.clamp(0, 9999) as u16,
            month: month as u8,
            day: day as u8,
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn days_count_from_1970_both_ways() {
        let date = |s: &str| Date::parse(s).expect("date");
        assert_eq!(date("1970-01-01").days(), 0);
        assert_eq!(date("2000-03-01").days(), 11_017);
        assert_eq!(date("1969-12-31").days(), -1);
        for text in [
            "1983-10-04",
            "2000-02-29",
            "2025-08-19",
            "2019-12-31",
            "0001-01-01",
        ] {
            assert_eq!(Date::from_days(date(text).days()), date(text), "{text}");
        }
    }

    #[test]
    fn accepts_real_dates_and_leap_days() {
        assert_eq!(
            Date::parse("2025-08-19").map(|d| d.to_string()),
            Ok("2025-08-19".into())
        );
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2000-02-29").is_ok());
    }

    #[test]
    fn rejects_impossible_dates_with_reasons() {
        assert_eq!(
            Date::parse("2025-02-29"),
            Err("2025 is not a leap year, so it has no February 29".into())
        );
        assert!(Date::parse("1900-02-29").is_err());
        assert_eq!(
            Date::parse("2025-13-01"),
            Err("there is no month 13".into())
        );
        assert_eq!(
            Date::parse("2025-04-31"),
            Err("month 04 of 2025 has 30 days, not 31".into())
        );
        assert!(Date::parse("2025-8-19").is_err());
        assert!(Date::parse("19.08.2025").is_err());
        assert!(Date::parse("2025-08-00").is_err());
        assert!(Date::parse("２０２５-08-19").is_err());
    }
}
