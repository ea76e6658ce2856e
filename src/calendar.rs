//! Proleptic Gregorian calendar arithmetic: validated dates, day arithmetic, weekdays,
//! ISO weeks, quarters and month steps. No external crates; never panics.

use std::fmt;

/// A proleptic Gregorian calendar date (astronomical year numbering: year 0 exists).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// True for Gregorian leap years.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1-12) of `year`; 0 for an invalid month.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a (valid) civil date (H. Hinnant's algorithm, in i64).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // 0..=399
    let m = i64::from(month);
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1; // 0..=365
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // 0..=146096
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`]; the year is returned as i64.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // 0..=365
    let mp = (5 * doy + 2) / 153; // 0..=11
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl Date {
    /// A validated date; `None` for month 0/13+, day 0, Feb 30 and the like.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) {
            Some(Date { year, month, day })
        } else {
            None
        }
    }

    /// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let year = digits(0..4)?;
        Date::new(year as i32, digits(5..7)?, digits(8..10)?)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        days_from_civil(i64::from(self.year), self.month, self.day)
    }

    /// The date `days` days after 1970-01-01; the year saturates at the i32 range.
    pub fn from_days(days: i64) -> Date {
        // Keep the arithmetic far away from i64 overflow; the result saturates anyway.
        const LIMIT: i64 = 1_000_000_000_000;
        let (y, m, d) = civil_from_days(days.clamp(-LIMIT, LIMIT));
        if y > i64::from(i32::MAX) {
            Date {
                year: i32::MAX,
                month: 12,
                day: 31,
            }
        } else if y < i64::from(i32::MIN) {
            Date {
                year: i32::MIN,
                month: 1,
                day: 1,
            }
        } else {
            Date {
                year: y as i32,
                month: m,
                day: d,
            }
        }
    }

    /// `n` days later (earlier for negative `n`).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days().saturating_add(n))
    }

    /// Days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        other.to_days() - self.to_days()
    }

    /// 0 = Monday .. 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.to_days() + 3).rem_euclid(7) as u32
    }

    /// ISO 8601 (week-numbering year, week 1..=53).
    pub fn iso_week(self) -> (i32, u32) {
        // The Thursday of this date's week decides the ISO year.
        let thursday = self.add_days(3 - i64::from(self.weekday()));
        let jan1 = Date {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        let week = jan1.days_until(thursday) / 7 + 1;
        (thursday.year, week as u32)
    }

    /// The Monday of ISO week `week` of ISO year `year` (weeks outside 1..=53 roll over).
    pub fn from_iso_week(year: i32, week: i64) -> Date {
        let jan4 = Date {
            year,
            month: 1,
            day: 4,
        };
        let week1_monday = jan4.add_days(-i64::from(jan4.weekday()));
        week1_monday.add_days(week.saturating_sub(1).saturating_mul(7))
    }

    /// Quarter 1..=4.
    pub fn quarter(self) -> u32 {
        self.month.clamp(1, 12).saturating_sub(1) / 3 + 1
    }

    /// First day of the month `n` months later (earlier for negative `n`), as (year, month).
    pub fn add_months(self, n: i64) -> (i32, u32) {
        let idx = (i64::from(self.year) * 12 + i64::from(self.month) - 1).saturating_add(n);
        let year = idx
            .div_euclid(12)
            .clamp(i64::from(i32::MIN), i64::from(i32::MAX));
        (year as i32, (idx.rem_euclid(12) + 1) as u32)
    }

    /// Day of the year, 1..=366.
    pub fn ordinal(self) -> u32 {
        let jan1 = Date {
            year: self.year,
            month: 1,
            day: 1,
        };
        (jan1.days_until(self) + 1) as u32
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if (0..=9999).contains(&self.year) {
            write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
        } else {
            write!(f, "{}-{:02}-{:02}", self.year, self.month, self.day)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn validation_and_leap_years() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2024, 2, 30).is_none());
        assert!(Date::new(2024, 4, 31).is_none());
        assert!(Date::new(2024, 0, 1).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
        assert!(Date::new(2024, 1, 0).is_none());
        assert!(Date::new(0, 2, 29).is_some()); // year 0 is a leap year
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2024, 99), 0);
    }

    #[test]
    fn parse_and_display() {
        assert_eq!(Date::parse_iso("2024-05-08"), Some(d(2024, 5, 8)));
        assert_eq!(d(2024, 5, 8).to_string(), "2024-05-08");
        assert_eq!(d(7, 1, 2).to_string(), "0007-01-02");
        for bad in [
            "2024-5-08",
            "2024-02-30",
            "20240508",
            "2024-05-0a",
            "+024-05-08",
            "2024-05-08x",
            "２０２４-05-08",
        ] {
            assert_eq!(Date::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn add_days_across_years() {
        assert_eq!(d(2023, 12, 31).add_days(1), d(2024, 1, 1));
        assert_eq!(d(2024, 1, 1).add_days(-1), d(2023, 12, 31));
        assert_eq!(d(2024, 2, 28).add_days(1), d(2024, 2, 29));
        assert_eq!(d(2023, 2, 28).add_days(1), d(2023, 3, 1));
        assert_eq!(d(2024, 1, 1).add_days(366), d(2025, 1, 1));
        assert_eq!(d(2000, 1, 1).add_days(-730_485), d(0, 1, 1));
        assert_eq!(d(0, 1, 1).add_days(-1), d(-1, 12, 31));
        assert_eq!(d(1970, 1, 1).to_days(), 0);
        // Saturation instead of overflow.
        assert_eq!(d(2024, 1, 1).add_days(i64::MAX).year, i32::MAX);
        assert_eq!(d(2024, 1, 1).add_days(i64::MIN).year, i32::MIN);
        // Round trip over a long range.
        let start = d(1899, 12, 25);
        for n in 0..100_000 {
            let x = start.add_days(n);
            assert_eq!(Date::new(x.year, x.month, x.day), Some(x));
            assert_eq!(start.days_until(x), n);
        }
    }

    #[test]
    fn weekdays() {
        assert_eq!(d(1970, 1, 1).weekday(), 3); // Thursday
        assert_eq!(d(2024, 5, 8).weekday(), 2); // Wednesday
        assert_eq!(d(2014, 1, 7).weekday(), 1); // Tuesday
        assert_eq!(d(2000, 1, 1).weekday(), 5); // Saturday
        assert_eq!(d(1900, 1, 1).weekday(), 0); // Monday
        assert_eq!(d(-1, 12, 31).weekday(), d(0, 1, 7).weekday());
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(d(2024, 5, 8).iso_week(), (2024, 19));
        assert_eq!(d(2024, 1, 1).iso_week(), (2024, 1)); // Monday
        assert_eq!(d(2023, 1, 1).iso_week(), (2022, 52)); // Sunday
        assert_eq!(d(2021, 1, 3).iso_week(), (2020, 53));
        assert_eq!(d(2020, 12, 31).iso_week(), (2020, 53));
        assert_eq!(d(2019, 12, 30).iso_week(), (2020, 1)); // Monday of 2020-W01
        assert_eq!(d(2026, 1, 1).iso_week(), (2026, 1)); // Thursday
        assert_eq!(d(2027, 1, 1).iso_week(), (2026, 53)); // Friday
        assert_eq!(d(2008, 12, 29).iso_week(), (2009, 1));
        assert_eq!(Date::from_iso_week(2020, 1), d(2019, 12, 30));
        assert_eq!(Date::from_iso_week(2024, 19), d(2024, 5, 6));
        assert_eq!(Date::from_iso_week(2020, 53), d(2020, 12, 28));
    }

    #[test]
    fn months_and_quarters() {
        assert_eq!(d(2024, 1, 31).add_months(-1), (2023, 12));
        assert_eq!(d(2024, 12, 1).add_months(1), (2025, 1));
        assert_eq!(d(2024, 5, 1).add_months(-29), (2021, 12));
        assert_eq!(d(2024, 5, 1).add_months(i64::MAX).0, i32::MAX);
        assert_eq!(Date::from_iso_week(2024, i64::MIN).year, i32::MIN);
        assert_eq!(d(2024, 5, 8).quarter(), 2);
        assert_eq!(d(2024, 12, 31).quarter(), 4);
        assert_eq!(d(2024, 12, 31).ordinal(), 366);
        assert_eq!(d(2023, 3, 1).ordinal(), 60);
    }
}
