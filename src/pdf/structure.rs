//! The structure tree of a tagged PDF, built once the pages are written: each element the
//! layout recorded (`tags`) that shows on a page becomes a `StructElem` whose kids are its
//! marked-content sequences and nested elements, in reading order (the order they first
//! appear); each link annotation gets a `Link` element; and the parent tree maps content
//! back to its element, as PDF/UA asks.
//!
//! A book has an element per paragraph, so the kids are held as numbers until each element is
//! written, and every other object goes to the file as soon as it is made.

use lopdf::{Dictionary, Document, Object};

use super::emit::PageTags;
use super::objects::FileWriter;
use super::tags::Tags;
use super::PdfError;

/// A kid of an element: a marked-content sequence or an object (an element or `Link`).
#[derive(Clone, Copy)]
enum Kid {
    Mcr { page: u32, mcid: u32 },
    Obj(u32),
}

impl Kid {
    fn object(self) -> Object {
        match self {
            Kid::Mcr { page, mcid } => Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"MCR".to_vec())),
                ("Pg", Object::Reference((page, 0))),
                ("MCID", Object::Integer(i64::from(mcid))),
            ])),
            Kid::Obj(id) => Object::Reference((id, 0)),
        }
    }
}

/// Writes the tree and sets it in the catalog of `doc`. The pages and annotations carry their
/// parent tree keys already: page `p` has `p`, the annotations follow in page order.
pub fn build(
    doc: &mut Document,
    file: &mut FileWriter,
    tags: &Tags,
    pages: &[PageTags],
) -> Result<(), PdfError> {
    let root = file.reserve();
    let document = file.reserve();
    let mut tree = Tree {
        ids: vec![0; tags.elems.len()],
        kids: Vec::new(),
        document,
        document_kids: Vec::new(),
        order: Vec::new(),
    };
    // What each parent tree key maps to, in key order: a page's elements by MCID, then the
    // Link of each annotation.
    let mut nums: Vec<Parents> = Vec::with_capacity(pages.len());
    let mut next_key = pages.len() as i64;
    let mut links: Vec<u32> = Vec::new();
    for page in pages {
        let mut parents = Vec::with_capacity(page.marks.len());
        for (mcid, &elem) in page.marks.iter().enumerate() {
            let id = tree.register(file, tags, elem);
            tree.kids.push((
                elem,
                Kid::Mcr {
                    page: page.page.0,
                    mcid: u32::try_from(mcid).unwrap_or(u32::MAX),
                },
            ));
            parents.push(id);
        }
        nums.push(Parents(parents));
        for &(annot, elem) in &page.annots {
            let link = file.reserve();
            let parent = match elem {
                Some(e) => {
                    let id = tree.register(file, tags, e);
                    tree.kids.push((e, Kid::Obj(link)));
                    id
                }
                None => {
                    tree.document_kids.push(Kid::Obj(link));
                    document
                }
            };
            let objr = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"OBJR".to_vec())),
                ("Pg", Object::Reference(page.page)),
                ("Obj", Object::Reference(annot)),
            ]);
            let dict = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"StructElem".to_vec())),
                ("S", Object::Name(b"Link".to_vec())),
                ("P", Object::Reference((parent, 0))),
                ("K", Object::Array(vec![Object::Dictionary(objr)])),
            ]);
            file.put(link, &Object::Dictionary(dict))?;
            links.push(link);
            next_key += 1;
        }
    }
    // Each element's kids together, in the order they came (the sort is stable).
    let mut kids = std::mem::take(&mut tree.kids);
    kids.sort_by_key(|(parent, _)| *parent);
    for elem in std::mem::take(&mut tree.order) {
        let elem = elem as usize;
        let (Some(e), Some(&id)) = (tags.elems.get(elem), tree.ids.get(elem)) else {
            continue;
        };
        let parent = e
            .parent
            .and_then(|p| tree.ids.get(p as usize).copied())
            .filter(|&id| id != 0)
            .unwrap_or(document);
        let from = kids.partition_point(|(p, _)| (*p as usize) < elem);
        let to = kids.partition_point(|(p, _)| (*p as usize) <= elem);
        let own = kids.get(from..to).unwrap_or_default();
        let mut dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(e.role.as_bytes().to_vec())),
            ("P", Object::Reference((parent, 0))),
            (
                "K",
                Object::Array(own.iter().map(|(_, k)| k.object()).collect()),
            ),
        ]);
        if let Some(alt) = tags.alt(elem) {
            dict.set("Alt", super::postprocess::text(alt));
        }
        if let Some(lang) = tags.lang(elem) {
            dict.set("Lang", Object::string_literal(lang));
        }
        file.put(id, &Object::Dictionary(dict))?;
    }
    let document_dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructElem".to_vec())),
        ("S", Object::Name(b"Document".to_vec())),
        ("P", Object::Reference((root, 0))),
        (
            "K",
            Object::Array(
                std::mem::take(&mut tree.document_kids)
                    .into_iter()
                    .map(Kid::object)
                    .collect(),
            ),
        ),
    ]);
    file.put(document, &Object::Dictionary(document_dict))?;
    let parent_tree = file.reserve();
    write_parent_tree(file, parent_tree, &nums, &links)?;
    drop(nums);
    let root_dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructTreeRoot".to_vec())),
        ("K", Object::Reference((document, 0))),
        ("ParentTree", Object::Reference((parent_tree, 0))),
        ("ParentTreeNextKey", Object::Integer(next_key)),
    ]);
    file.put(root, &Object::Dictionary(root_dict))?;
    let catalog = doc
        .catalog_mut()
        .map_err(|e| PdfError::Write(format!("catalog: {e}")))?;
    catalog.set("StructTreeRoot", Object::Reference((root, 0)));
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
    );
    Ok(())
}

/// Page `p`'s entry in the parent tree: the element of each of its MCIDs.
struct Parents(Vec<u32>);

/// The parent tree as one number tree node: key `p` for page `p`, then a key per annotation
/// (its Link element). Written piece by piece, as a book has an entry per paragraph.
fn write_parent_tree(
    file: &mut FileWriter,
    id: u32,
    pages: &[Parents],
    links: &[u32],
) -> Result<(), PdfError> {
    use std::io::Write as _;
    file.begin(id)?;
    let mut buf = b"<</Nums [".to_vec();
    for (key, Parents(elems)) in pages.iter().enumerate() {
        let _ = write!(buf, "{key} [");
        for (i, e) in elems.iter().enumerate() {
            let sep = if i > 0 { " " } else { "" };
            let _ = write!(buf, "{sep}{e} 0 R");
        }
        buf.extend_from_slice(b"]\n");
        if buf.len() > 1 << 16 {
            file.piece(&buf)?;
            buf.clear();
        }
    }
    for (k, link) in links.iter().enumerate() {
        let _ = writeln!(buf, "{} {link} 0 R", pages.len() + k);
        if buf.len() > 1 << 16 {
            file.piece(&buf)?;
            buf.clear();
        }
    }
    buf.extend_from_slice(b"]>>");
    file.piece(&buf)?;
    file.end()
}

/// A book has an element per paragraph: what is kept of each is a few numbers, and the kids of
/// all are one list of (element, kid) rather than a list an element.
struct Tree {
    /// Each element's object, 0 before it is given one.
    ids: Vec<u32>,
    /// Kids of elements, in the order they are met.
    kids: Vec<(u32, Kid)>,
    document: u32,
    document_kids: Vec<Kid>,
    /// Elements in the order they were given ids.
    order: Vec<u32>,
}

impl Tree {
    /// The object of `elem`, given one (and its ancestors theirs, each added to its parent's
    /// kids) the first time it shows. A loop, not recursion: nesting depth is the post's.
    fn register(&mut self, file: &mut FileWriter, tags: &Tags, elem: u32) -> u32 {
        let mut chain = Vec::new();
        let mut at = Some(elem);
        while let Some(e) = at {
            if let Some(&id) = self.ids.get(e as usize).filter(|&&id| id != 0) {
                if chain.is_empty() {
                    return id;
                }
                break;
            }
            chain.push(e);
            at = tags.elems.get(e as usize).and_then(|x| x.parent);
        }
        let mut id = self.document;
        for &e in chain.iter().rev() {
            let new = file.reserve();
            let parent = tags.elems.get(e as usize).and_then(|x| x.parent);
            match parent.filter(|&p| (p as usize) < self.ids.len()) {
                Some(p) => self.kids.push((p, Kid::Obj(new))),
                None => self.document_kids.push(Kid::Obj(new)),
            }
            if let Some(slot) = self.ids.get_mut(e as usize) {
                *slot = new;
            }
            self.order.push(e);
            id = new;
        }
        id
    }
}
