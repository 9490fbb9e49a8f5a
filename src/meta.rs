//! Post metadata: what front matter (or an HTML page's `<head>`) says about a post.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub date: Option<PostDate>,
    pub updated: Option<PostDate>,
    pub author: Option<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    /// Cover image URL or path, from `cover`, `headimg`, `thumbnail` or `banner_img`.
    pub cover: Option<String>,
    /// The front matter key `cover` was read from, so the Markdown writer keeps the name the
    /// post's theme reads (`headimg`, `thumbnail`); `None` writes `cover`.
    pub cover_key: Option<String>,
    /// BCP 47 language tag as the post declares it.
    pub lang: Option<String>,
    pub description: Option<String>,
    /// Every other front matter key, in source order, so the Markdown writer can write it back.
    pub extra: Vec<(String, serde_yaml::Value)>,
    /// The post carried its own metadata (a front matter block or an HTML `<head>`); a bare
    /// fragment did not, and its Markdown gets no front matter block.
    pub from_source: bool,
    /// `draft: true` or `published: false`: left out unless drafts are asked for.
    pub draft: bool,
}

/// A post's date as written: with its UTC offset when the source gave one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostDate {
    Date(NaiveDate),
    Local(NaiveDateTime),
    Offset(NaiveDateTime, FixedOffset),
}

impl PostDate {
    /// ISO 8601: `2022-09-18`, `2022-09-18T23:33:47`, `2022-09-18T23:33:47Z` or `…+08:00`.
    pub fn to_iso8601(&self) -> String {
        match self {
            PostDate::Date(d) => d.format("%Y-%m-%d").to_string(),
            PostDate::Local(dt) => dt.format("%Y-%m-%dT%H:%M:%S").to_string(),
            PostDate::Offset(dt, off) if off.local_minus_utc() == 0 => {
                dt.format("%Y-%m-%dT%H:%M:%SZ").to_string()
            }
            PostDate::Offset(dt, off) => format!("{}{}", dt.format("%Y-%m-%dT%H:%M:%S"), off),
        }
    }

    /// The date and time as written (local to its offset), for sorting and display.
    pub fn naive(&self) -> NaiveDateTime {
        match *self {
            PostDate::Date(d) => d.and_hms_opt(0, 0, 0).unwrap_or_default(),
            PostDate::Local(dt) | PostDate::Offset(dt, _) => dt,
        }
    }
}

/// Reads a date as posts write them: RFC 2822 (`Sun, 18 Sep 2022 23:33:47 GMT`), ISO 8601 /
/// RFC 3339 with or without an offset (`T` or a space between date and time, seconds and
/// fraction optional, `Z`, `+08:00`, `+0800`, `+8`), `YYYY-MM-DD HH:mm:ss`, `YYYY/MM/DD`,
/// `YYYY.MM.DD`, `YYYY年M月D日 HH:mm`, or a date alone. `None` when it is none of these.
pub fn parse_date(s: &str) -> Option<PostDate> {
    let s = s.trim();
    numeric_date(s).or_else(|| {
        let dt = chrono::DateTime::parse_from_rfc2822(s)
            .or_else(|_| {
                // JavaScript's `Date.toString()`, which post generators write verbatim:
                // `Sun Sep 18 2022 23:33:47 GMT+0800 (China Standard Time)`.
                let s = s.split(" (").next().unwrap_or(s);
                chrono::DateTime::parse_from_str(s, "%a %b %d %Y %H:%M:%S GMT%z")
            })
            .ok()?;
        Some(PostDate::Offset(dt.naive_local(), *dt.offset()))
    })
}

impl PostDate {
    /// A date front matter gave as a YAML value: a string [`parse_date`] reads, an
    /// integer `YYYYMMDD`, or seconds (or, from ten digits up, milliseconds) since the Unix epoch.
    pub fn from_yaml(value: &serde_yaml::Value) -> Option<PostDate> {
        use serde_yaml::Value;
        let mut value = value;
        while let Value::Tagged(tagged) = value {
            value = &tagged.value;
        }
        match value {
            Value::String(s) => parse_date(s),
            Value::Number(n) => {
                let utc = FixedOffset::east_opt(0)?;
                if let Some(i) = n.as_i64() {
                    if (10_000_101..=99_991_231).contains(&i) {
                        let d = NaiveDate::from_ymd_opt(
                            i32::try_from(i / 10_000).ok()?,
                            u32::try_from(i / 100 % 100).ok()?,
                            u32::try_from(i % 100).ok()?,
                        )?;
                        return Some(PostDate::Date(d));
                    }
                    // Epoch seconds up to the year 2286; beyond, JavaScript-style milliseconds.
                    let dt = if i.unsigned_abs() < 10_000_000_000 {
                        chrono::DateTime::from_timestamp(i, 0)?
                    } else {
                        chrono::DateTime::from_timestamp_millis(i)?
                    };
                    return Some(PostDate::Offset(dt.naive_utc(), utc));
                }
                let f = n.as_f64()?;
                if !f.is_finite() || f.abs() >= 1e11 {
                    return None;
                }
                // In range by the check above, so the casts cannot saturate.
                let secs = f.floor() as i64;
                let nanos = ((f - f.floor()) * 1e9) as u32;
                let dt = chrono::DateTime::from_timestamp(secs, nanos.min(999_999_999))?;
                Some(PostDate::Offset(dt.naive_utc(), utc))
            }
            _ => None,
        }
    }
}

/// `Y-M-D`, `Y/M/D`, `Y.M.D` or `Y年M月D日`, then optionally a time and an offset.
fn numeric_date(s: &str) -> Option<PostDate> {
    let mut cur = Cursor(s);
    let year = cur.digits(4, 4)?;
    let sep = cur.one_of(&["-", "/", ".", "年"])?;
    let month = cur.digits(1, 2)?;
    let day_sep = if sep == "年" { "月" } else { sep };
    cur.one_of(&[day_sep])?;
    let day = cur.digits(1, 2)?;
    if sep == "年" {
        cur.one_of(&["日", "号"])?;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    if cur.0.trim().is_empty() {
        return Some(PostDate::Date(date));
    }

    // YAML and RFC 3339 allow `T`/`t` or spaces between date and time.
    if cur.one_of(&["T", "t"]).is_none() && cur.skip_spaces() == 0 && sep != "年" {
        return None;
    }
    cur.skip_spaces();
    let hour = cur.digits(1, 2)?;
    cur.one_of(&[":"])?;
    let minute = cur.digits(2, 2)?;
    let mut second = 0;
    let mut nano = 0;
    if cur.one_of(&[":"]).is_some() {
        second = cur.digits(2, 2)?;
        if cur.one_of(&[".", ","]).is_some() {
            let frac = cur.take_while(|c| c.is_ascii_digit());
            if frac.is_empty() {
                return None;
            }
            // Nanoseconds: the first nine digits, right-padded.
            nano = frac
                .bytes()
                .chain(std::iter::repeat(b'0'))
                .take(9)
                .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
        }
    }
    let time = chrono::NaiveTime::from_hms_nano_opt(hour, minute, second, nano)?;
    let local = date.and_time(time);

    cur.skip_spaces();
    let rest = cur.0.trim_end();
    if rest.is_empty() {
        return Some(PostDate::Local(local));
    }
    let offset = parse_offset(rest)?;
    Some(PostDate::Offset(local, offset))
}

/// `Z`, `UTC`, `GMT`, `+08:00`, `+0800`, `+08`, `-5` (YAML's short form).
fn parse_offset(s: &str) -> Option<FixedOffset> {
    if ["Z", "z", "UTC", "GMT", "UT"].contains(&s) {
        return FixedOffset::east_opt(0);
    }
    let s = ["GMT", "UTC"]
        .iter()
        .find_map(|zone| s.strip_prefix(zone))
        .unwrap_or(s);
    let mut cur = Cursor(s);
    let sign = match cur.one_of(&["+", "-", "\u{2212}"])? {
        "+" => 1,
        _ => -1,
    };
    let (hours, minutes) = if cur.0.len() == 4 && cur.0.bytes().all(|b| b.is_ascii_digit()) {
        let h = cur.digits(2, 2)?;
        (h, cur.digits(2, 2)?)
    } else {
        let h = cur.digits(1, 2)?;
        let m = if cur.one_of(&[":"]).is_some() {
            cur.digits(2, 2)?
        } else {
            0
        };
        (h, m)
    };
    if !cur.0.is_empty() || hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * i32::try_from(hours * 3600 + minutes * 60).ok()?)
}

/// A tiny forward-only scanner over the rest of a date string.
struct Cursor<'a>(&'a str);

impl<'a> Cursor<'a> {
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let len = self
            .0
            .bytes()
            .take(max)
            .take_while(u8::is_ascii_digit)
            .count();
        if len < min {
            return None;
        }
        let (digits, rest) = self.0.split_at(len);
        self.0 = rest;
        digits.parse().ok()
    }

    fn one_of(&mut self, options: &[&'a str]) -> Option<&'a str> {
        let found = options.iter().find(|o| self.0.starts_with(**o))?;
        self.0 = self.0.get(found.len()..).unwrap_or_default();
        Some(found)
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let end = self.0.find(|c: char| !keep(c)).unwrap_or(self.0.len());
        let (taken, rest) = self.0.split_at(end);
        self.0 = rest;
        taken
    }

    fn skip_spaces(&mut self) -> usize {
        self.take_while(|c| c == ' ' || c == '\t').len()
    }
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse_date(s).map(|d| d.to_iso8601())
    }

    #[test]
    fn rfc2822() {
        let utc = FixedOffset::east_opt(0);
        let dt = NaiveDate::from_ymd_opt(2022, 9, 18).and_then(|d| d.and_hms_opt(23, 33, 47));
        assert_eq!(
            parse_date("Sun, 18 Sep 2022 23:33:47 GMT"),
            dt.zip(utc).map(|(dt, utc)| PostDate::Offset(dt, utc))
        );
        assert_eq!(
            iso("Sun, 18 Sep 2022 23:33:47 GMT").as_deref(),
            Some("2022-09-18T23:33:47Z")
        );
        assert_eq!(
            iso("18 Sep 2022 23:33:47 +0800").as_deref(),
            Some("2022-09-18T23:33:47+08:00")
        );
        assert_eq!(iso("Mon, 18 Sep 2022 23:33:47 GMT"), None, "wrong weekday");
    }

    #[test]
    fn iso8601_and_friends() {
        let cases = [
            ("2022-09-18T23:33:47Z", "2022-09-18T23:33:47Z"),
            ("2022-09-18T23:33:47+08:00", "2022-09-18T23:33:47+08:00"),
            ("2022-09-18T23:33:47.123-0530", "2022-09-18T23:33:47-05:30"),
            ("2022-09-18 23:33:47 +8", "2022-09-18T23:33:47+08:00"),
            ("2001-12-14 21:59:43.10 -5", "2001-12-14T21:59:43-05:00"),
            ("2022-09-18t23:33:47z", "2022-09-18T23:33:47Z"),
            ("2022-09-18T23:33:47", "2022-09-18T23:33:47"),
            ("2022-09-18 23:33:47", "2022-09-18T23:33:47"),
            ("2022-09-18 23:33", "2022-09-18T23:33:00"),
            ("2022-9-8 8:05:01", "2022-09-08T08:05:01"),
            ("2022/09/18", "2022-09-18"),
            ("2022/09/18 23:33:47", "2022-09-18T23:33:47"),
            ("2022.09.18", "2022-09-18"),
            ("2022-09-18", "2022-09-18"),
            ("  2022-09-18  ", "2022-09-18"),
            ("2022年9月18日", "2022-09-18"),
            ("2022年09月18日 23:33", "2022-09-18T23:33:00"),
            ("2022-09-18 23:33:47 UTC", "2022-09-18T23:33:47Z"),
            ("2022-09-18 23:33:47 GMT+0800", "2022-09-18T23:33:47+08:00"),
            (
                "Sun Sep 18 2022 23:33:47 GMT+0800 (China Standard Time)",
                "2022-09-18T23:33:47+08:00",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(iso(input).as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn fraction_is_kept() {
        let Some(PostDate::Offset(dt, _)) = parse_date("2022-09-18T23:33:47.5Z") else {
            panic!("not parsed");
        };
        assert_eq!(dt.and_utc().timestamp_subsec_millis(), 500);
    }

    #[test]
    fn rejects() {
        for bad in [
            "",
            "yesterday",
            "2022-13-01",
            "2022-02-30",
            "2022-09-18T25:00:00",
            "2022-09-18x",
            "2022-09-18 23:33:47 +25:00",
            "2022-09-18 23:33:47 junk",
            "2022/09-18",
            "22-09-18",
            "2022-09-18T",
            "2022-09-18T23:33:47.",
            "12:00",
            "Sun, 99 Sep 2022",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn yaml_values() {
        use serde_yaml::Value;
        let v = |s: &str| serde_yaml::from_str::<Value>(s).unwrap_or(Value::Null);
        let iso = |s: &str| PostDate::from_yaml(&v(s)).map(|d| d.to_iso8601());
        assert_eq!(
            iso("2022-09-18 23:33:47").as_deref(),
            Some("2022-09-18T23:33:47")
        );
        assert_eq!(iso("!!timestamp 2022-09-18").as_deref(), Some("2022-09-18"));
        assert_eq!(iso("20220918").as_deref(), Some("2022-09-18"));
        assert_eq!(iso("1663544027").as_deref(), Some("2022-09-18T23:33:47Z"));
        assert_eq!(
            iso("1663544027000").as_deref(),
            Some("2022-09-18T23:33:47Z")
        );
        assert_eq!(iso("1663544027.5").as_deref(), Some("2022-09-18T23:33:47Z"));
        assert_eq!(iso("[2022]"), None);
        assert_eq!(iso("~"), None);
        assert_eq!(iso(".nan"), None);
        assert_eq!(iso("1e300"), None);
    }
}
