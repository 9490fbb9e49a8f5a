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
    /// BCP 47 language tag as the post declares it.
    pub lang: Option<String>,
    pub description: Option<String>,
    /// Every other front matter key, in source order, so the Markdown writer can write it back.
    pub extra: Vec<(String, serde_yaml::Value)>,
    /// The post carried its own metadata (a front matter block or an HTML `<head>`); a bare
    /// fragment did not, and its Markdown gets no front matter block.
    pub from_source: bool,
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
