//! Publication dates: parsing the forms articles use, and showing them.
//!
//! Wire text carries `YYYY-MM-DD` or, for month precision, `YYYY-MM`;
//! front matter adds RFC 3339 date-times and local date-times. A date without
//! a time is midnight in the site's time zone (`config.timezone`). Archives
//! (`library`) and permalinks (`permalink`) file an article under its local
//! calendar date in that zone.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

pub(crate) const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// How much of the date is known.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Only the year and month (`date 2022-02`): shown as "February 2022".
    Month,
    Day,
}

/// When an article was published, in the site's time zone.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub struct PublishDate {
    pub instant: DateTime<FixedOffset>,
    pub precision: Precision,
}

impl PublishDate {
    pub fn year(&self) -> i32 {
        self.instant.year()
    }

    pub fn month(&self) -> u32 {
        self.instant.month()
    }

    /// The day of the month, unless only the month is known.
    pub fn day(&self) -> Option<u32> {
        (self.precision == Precision::Day).then(|| self.instant.day())
    }

    /// RFC 3339, for machines: `2022-02-01T00:00:00+01:00`.
    pub fn rfc3339(&self) -> String {
        self.instant.to_rfc3339()
    }

    /// A valid HTML `<time datetime>` value: the full date-time, or `2022-02`
    /// when only the month is known.
    pub fn datetime_attribute(&self) -> String {
        match self.precision {
            Precision::Day => self.rfc3339(),
            Precision::Month => format!("{:04}-{:02}", self.year(), self.month()),
        }
    }

    /// For readers: "1 February 2022", or "February 2022".
    pub fn display(&self) -> String {
        let month = month_name(self.month());
        match self.day() {
            Some(day) => format!("{day} {month} {}", self.year()),
            None => format!("{month} {}", self.year()),
        }
    }

    /// For readers, with the time in the site's zone: "4 February 2022,
    /// 14:05"; as [`PublishDate::display`] at midnight (a date written
    /// without a time reads as midnight) or when only the month is known.
    pub fn display_time(&self) -> String {
        let midnight = self.instant.time() == NaiveTime::MIN;
        match self.precision {
            Precision::Day if !midnight => {
                format!("{}, {}", self.display(), self.instant.format("%H:%M"))
            }
            _ => self.display(),
        }
    }
}

pub(crate) fn month_name(month: u32) -> &'static str {
    MONTH_NAMES[(month as usize).saturating_sub(1).min(11)]
}

/// Why a date could not be read; the caller adds the file and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateError {
    pub message: String,
    pub help: String,
}

fn date_error(message: String, help: &str) -> DateError {
    DateError {
        message,
        help: help.to_string(),
    }
}

/// Reads a calendar date as wire text writes it: `YYYY-MM-DD` or `YYYY-MM`.
pub(crate) fn parse_calendar_date(text: &str, zone: Tz) -> Result<PublishDate, DateError> {
    const HELP: &str = "write the date as YYYY-MM-DD (for example 2022-02-01), or YYYY-MM when only the month is known";
    let parts: Vec<&str> = text.split('-').collect();
    let well_formed = matches!(parts.len(), 2 | 3)
        && parts[0].len() == 4
        && parts[1..].iter().all(|p| p.len() == 2)
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        return Err(date_error(format!("`{text}` is not a date"), HELP));
    }
    // Each part is a short run of ASCII digits, so these parses cannot fail.
    let year: i32 = parts[0].parse().unwrap_or_default();
    let month: u32 = parts[1].parse().unwrap_or_default();
    if !(1..=12).contains(&month) {
        return Err(date_error(
            format!("`{text}` is not a date: there is no month {month}"),
            HELP,
        ));
    }
    let (day, precision) = match parts.get(2) {
        Some(day) => (day.parse().unwrap_or_default(), Precision::Day),
        None => (1, Precision::Month),
    };
    let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
        let days = days_in_month(year, month);
        return Err(date_error(
            format!(
                "`{text}` is not a date: {} {year} has {days} days",
                month_name(month)
            ),
            HELP,
        ));
    };
    writable(
        PublishDate {
            instant: local_midnight(date, zone),
            precision,
        },
        text,
    )
}

/// Reads a date from front matter: a calendar date (as above), an RFC 3339
/// date-time with offset, or a local date-time (`2022-02-01T09:30:00`, or
/// with a space), which is read in the site's time zone.
pub(crate) fn parse_front_matter_date(text: &str, zone: Tz) -> Result<PublishDate, DateError> {
    let text = text.trim();
    if text.len() <= 10 {
        return parse_calendar_date(text, zone);
    }
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        let date = PublishDate {
            instant: instant.with_timezone(&zone).fixed_offset(),
            precision: Precision::Day,
        };
        return writable(date, text);
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            let date = PublishDate {
                instant: resolve_local(local, zone),
                precision: Precision::Day,
            };
            return writable(date, text);
        }
    }
    Err(date_error(
        format!("`{text}` is not a date or date-time"),
        "write a date (2022-02-01) or an RFC 3339 date-time (2022-02-01T09:30:00+01:00)",
    ))
}

/// The years every format the site writes can hold: RFC 2822 (RSS) and
/// W3C date-times (sitemaps, Atom) have four-digit years, and XML Schema
/// has no year 0.
const WRITABLE_YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// The date, if it can be written in every format the site uses, in the
/// site's time zone and in UTC (feeds and sitemaps use both); refused at
/// read time otherwise, so no writer meets a date it cannot write.
fn writable(date: PublishDate, text: &str) -> Result<PublishDate, DateError> {
    let utc = date.instant.naive_utc().year();
    if WRITABLE_YEARS.contains(&date.year()) && WRITABLE_YEARS.contains(&utc) {
        return Ok(date);
    }
    Err(date_error(
        format!(
            "`{text}` is outside the years feeds and sitemaps can hold (0001 to 9999, in the site's time zone and in UTC)"
        ),
        "check the year",
    ))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|day| NaiveDate::from_ymd_opt(year, month, *day).is_some())
        .unwrap_or(28)
}

fn local_midnight(date: NaiveDate, zone: Tz) -> DateTime<FixedOffset> {
    resolve_local(date.and_time(NaiveTime::MIN), zone)
}

/// A wall-clock time in `zone`. In a daylight-saving gap (some zones skip
/// midnight) the first valid instant after it is used.
fn resolve_local(local: NaiveDateTime, zone: Tz) -> DateTime<FixedOffset> {
    let mut probe = local;
    for _ in 0..4 {
        if let Some(instant) = zone.from_local_datetime(&probe).earliest() {
            return instant.fixed_offset();
        }
        probe += chrono::Duration::minutes(30);
    }
    zone.from_utc_datetime(&local).fixed_offset()
}

#[cfg(test)]
mod tests {
    use super::*;

    const UTC: Tz = chrono_tz::UTC;

    #[test]
    fn day_and_month_precision() {
        let day = parse_calendar_date("2022-02-01", UTC).unwrap();
        assert_eq!(day.precision, Precision::Day);
        assert_eq!(day.display(), "1 February 2022");
        assert_eq!(day.datetime_attribute(), "2022-02-01T00:00:00+00:00");

        let month = parse_calendar_date("2022-02", UTC).unwrap();
        assert_eq!(month.precision, Precision::Month);
        assert_eq!(month.display(), "February 2022");
        assert_eq!(month.day(), None);
        assert_eq!(month.datetime_attribute(), "2022-02");
    }

    #[test]
    fn impossible_dates_say_why() {
        let err = parse_calendar_date("2022-02-30", UTC).unwrap_err();
        assert_eq!(
            err.message,
            "`2022-02-30` is not a date: February 2022 has 28 days"
        );
        let err = parse_calendar_date("2022-13", UTC).unwrap_err();
        assert_eq!(err.message, "`2022-13` is not a date: there is no month 13");
        assert!(parse_calendar_date("22-02-01", UTC).is_err());
        assert!(parse_calendar_date("2022-2-1", UTC).is_err());
    }

    #[test]
    fn display_time_shows_the_time_unless_it_is_midnight() {
        let zone: Tz = "Europe/London".parse().unwrap();
        let shown = |text: &str| parse_front_matter_date(text, zone).unwrap().display_time();
        assert_eq!(shown("2022-02-04T14:05:00Z"), "4 February 2022, 14:05");
        assert_eq!(shown("2022-07-04T14:05:00Z"), "4 July 2022, 15:05");
        assert_eq!(shown("2022-02-04"), "4 February 2022");
        assert_eq!(shown("2022-02"), "February 2022");
    }

    #[test]
    fn midnight_is_in_the_site_zone() {
        let zone: Tz = "Europe/Berlin".parse().unwrap();
        let date = parse_calendar_date("2022-02-01", zone).unwrap();
        assert_eq!(date.rfc3339(), "2022-02-01T00:00:00+01:00");
        let summer = parse_calendar_date("2022-07-01", zone).unwrap();
        assert_eq!(summer.rfc3339(), "2022-07-01T00:00:00+02:00");
    }

    #[test]
    fn front_matter_date_times() {
        let zone: Tz = "Europe/Berlin".parse().unwrap();
        let offset = parse_front_matter_date("2022-02-01T23:30:00Z", zone).unwrap();
        // 23:30 UTC is already the 2nd in Berlin: the article is filed under the 2nd.
        assert_eq!(offset.day(), Some(2));
        assert_eq!(offset.rfc3339(), "2022-02-02T00:30:00+01:00");
        let local = parse_front_matter_date("2022-02-01 09:30:00", zone).unwrap();
        assert_eq!(local.rfc3339(), "2022-02-01T09:30:00+01:00");
        assert!(parse_front_matter_date("yesterday", zone).is_err());
    }

    #[test]
    fn midnight_in_a_dst_gap_moves_forward() {
        // Santiago skipped from 00:00 to 01:00 on 2022-09-11.
        let zone: Tz = "America/Santiago".parse().unwrap();
        let date = parse_calendar_date("2022-09-11", zone).unwrap();
        assert_eq!(date.rfc3339(), "2022-09-11T01:00:00-03:00");
    }

    /// Every date the readers accept can be written as RSS, Atom and sitemap
    /// dates, whatever its offset and the site's zone: the edges of the
    /// four-digit years, in zones far ahead of and behind UTC.
    #[test]
    fn every_accepted_date_can_be_written() {
        let zones: [Tz; 3] = [
            chrono_tz::UTC,
            "Pacific/Kiritimati".parse().unwrap(),
            "Pacific/Pago_Pago".parse().unwrap(),
        ];
        let mut accepted = 0;
        for zone in zones {
            for day in ["0001-01-01", "0001-01-02", "9999-12-30", "9999-12-31"] {
                for time in ["", "T00:00:00", "T23:59:59", "T12:00:00"] {
                    for offset in ["", "Z", "+14:00", "-12:00", "+05:30"] {
                        if time.is_empty() && !offset.is_empty() {
                            continue;
                        }
                        let text = format!("{day}{time}{offset}");
                        let Ok(date) = parse_front_matter_date(&text, zone) else {
                            continue;
                        };
                        accepted += 1;
                        let rss = date.instant.to_rfc2822();
                        let utc = date.instant.naive_utc().and_utc().to_rfc3339();
                        for written in [date.rfc3339(), utc] {
                            assert!(
                                written.as_bytes()[..4].iter().all(u8::is_ascii_digit),
                                "{text}: {written}"
                            );
                            assert!(!written.starts_with("0000"), "{text}: {written}");
                        }
                        assert!(!rss.is_empty());
                    }
                }
            }
        }
        assert!(accepted > 40, "only {accepted} accepted");
    }

    #[test]
    fn dates_beyond_the_writable_years_are_refused() {
        let behind: Tz = "America/New_York".parse().unwrap();
        let err = parse_front_matter_date("9999-12-31T23:00:00-05:00", chrono_tz::UTC).unwrap_err();
        assert!(err.message.contains("outside the years"), "{err:?}");
        assert!(parse_calendar_date("0001-01-01", "Asia/Tokyo".parse().unwrap()).is_err());
        assert!(parse_calendar_date("9999-12-31", behind).is_ok());
    }
}
