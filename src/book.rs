//! Many posts as one book: their order, their grouping, and the book's own title, author and
//! language. Shared by the EPUB and PDF writers.

pub mod links;
pub mod posts;

pub use posts::Posts;

use std::cmp::Ordering;

use crate::tree::Document;

/// Chapter order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Oldest first; undated posts last; ties by title.
    #[default]
    Date,
    /// By title (Unicode order, case-insensitive for Latin); ties by input order.
    Title,
    /// The order the documents were given in (the CLI passes them in path order).
    Path,
}

/// How chapters are grouped in the table of contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    /// One flat list.
    #[default]
    None,
    /// Under each post's first category; posts without one come last.
    Category,
}

/// What `postbind book` knows about the book as a whole.
#[derive(Debug, Clone, Default)]
pub struct BookOptions {
    /// Book title (default: a localised "Collection").
    pub title: Option<String>,
    /// Book author (default: the posts' author when they all share one).
    pub author: Option<String>,
    /// BCP 47 language (default: what the posts declare when they agree, else detected).
    pub lang: Option<String>,
    pub sort: SortKey,
    pub group_by: GroupBy,
}

/// A run of chapters sharing a group: `name` is `None` for the ungrouped or uncategorised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: Option<String>,
    /// Indexes into the documents, in reading order.
    pub members: Vec<usize>,
}

/// Indexes of `docs` in reading order.
pub fn order(docs: &[Document], sort: SortKey) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..docs.len()).collect();
    let title = |i: usize| {
        docs.get(i)
            .and_then(|d| d.meta.title.as_deref())
            .unwrap_or("")
            .to_lowercase()
    };
    match sort {
        SortKey::Path => {}
        SortKey::Title => idx.sort_by_key(|&i| title(i)),
        SortKey::Date => idx.sort_by(|&a, &b| {
            let date = |i: usize| docs.get(i).and_then(|d| d.meta.date).map(|d| d.naive());
            match (date(a), date(b)) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
            .then_with(|| title(a).cmp(&title(b)))
        }),
    }
    idx
}

/// The chapters in reading order, grouped: groups appear in the order of their first chapter,
/// uncategorised posts in a last group.
pub fn groups(docs: &[Document], book: &BookOptions) -> Vec<Group> {
    let order = order(docs, book.sort);
    if book.group_by == GroupBy::None {
        return vec![Group {
            name: None,
            members: order,
        }];
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut rest = Vec::new();
    for i in order {
        let category = docs
            .get(i)
            .and_then(|d| d.meta.categories.first())
            .map(|c| c.trim())
            .filter(|c| !c.is_empty());
        match category {
            Some(c) => match groups.iter_mut().find(|g| g.name.as_deref() == Some(c)) {
                Some(g) => g.members.push(i),
                None => groups.push(Group {
                    name: Some(c.to_string()),
                    members: vec![i],
                }),
            },
            None => rest.push(i),
        }
    }
    if !rest.is_empty() {
        groups.push(Group {
            name: None,
            members: rest,
        });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::PostDate;
    use chrono::NaiveDate;

    fn doc(title: &str, day: Option<u32>, cat: Option<&str>) -> Document {
        let mut d = Document::default();
        d.meta.title = Some(title.into());
        d.meta.date = day.and_then(|n| NaiveDate::from_ymd_opt(2024, 1, n).map(PostDate::Date));
        d.meta.categories = cat.map(|c| vec![c.to_string()]).unwrap_or_default();
        d
    }

    #[test]
    fn sorts_by_date_title_or_input() {
        let docs = [
            doc("b", Some(3), Some("x")),
            doc("a", None, None),
            doc("c", Some(1), Some("y")),
            doc("d", Some(3), Some("x")),
        ];
        assert_eq!(order(&docs, SortKey::Date), [2, 0, 3, 1]);
        assert_eq!(order(&docs, SortKey::Title), [1, 0, 2, 3]);
        assert_eq!(order(&docs, SortKey::Path), [0, 1, 2, 3]);
        let book = BookOptions {
            group_by: GroupBy::Category,
            ..Default::default()
        };
        let g = groups(&docs, &book);
        let names: Vec<_> = g.iter().map(|g| g.name.clone()).collect();
        assert_eq!(names, [Some("y".into()), Some("x".into()), None]);
        assert_eq!(g[1].members, [0, 3]);
    }
}
