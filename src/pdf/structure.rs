//! The structure tree of a tagged PDF, written as the pages are: each element the layout
//! recorded (`tags`) that shows on a page becomes a `StructElem` whose kids are its
//! marked-content sequences and nested elements, in reading order (the order they first
//! appear); each link annotation gets a `Link` element; and the parent tree maps content back
//! to its element, as PDF/UA asks.
//!
//! A book has an element per paragraph, so an element is held only until the pages that show
//! it are written: the writer hands over each page's marks as the page is written and says
//! when the elements below a number can show no more (a post's, once the next post's pages
//! begin); those are written and forgotten. What stays for the end is a number for each page
//! and annotation (the parent tree) and the document's own kids.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object};

use super::error::PdfError;
use super::objects::FileWriter;
use super::tags::Tags;

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

/// An element that has shown and may show again.
struct Live {
    id: u32,
    /// Its parent's object (the document's for a top-level element).
    parent: u32,
    kids: Vec<Kid>,
}

pub struct Tree {
    root: u32,
    document: u32,
    /// Elements shown and not yet written, by number.
    live: BTreeMap<u32, Live>,
    /// Elements below this are written (or never showed).
    written_below: u32,
    document_kids: Vec<Kid>,
    /// Where the kids of the pages written last (a book's title page and contents) begin in
    /// `document_kids`: they go first.
    front_from: Option<usize>,
    /// Each parent tree key's value, keys from 0.
    nums: Vec<Parent>,
}

/// A value in the parent tree.
enum Parent {
    /// A page's: the element of each of its MCIDs.
    Page(Box<[u32]>),
    /// An annotation's `Link` element.
    Link(u32),
}

impl Tree {
    pub fn new(file: &mut FileWriter) -> Tree {
        Tree {
            root: file.reserve(),
            document: file.reserve(),
            live: BTreeMap::new(),
            written_below: 0,
            document_kids: Vec::new(),
            front_from: None,
            nums: Vec::new(),
        }
    }

    /// A written page (object `page`) whose MCID `i` shows element `marks[i]`: returns its key
    /// in the parent tree (its `StructParents`).
    pub fn page(&mut self, file: &mut FileWriter, tags: &Tags, page: u32, marks: &[u32]) -> i64 {
        let mut parents = Vec::with_capacity(marks.len());
        for (mcid, &elem) in marks.iter().enumerate() {
            let mcid = u32::try_from(mcid).unwrap_or(u32::MAX);
            parents.push(self.kid(file, tags, elem, Kid::Mcr { page, mcid }));
        }
        self.key(Parent::Page(parents.into_boxed_slice()))
    }

    /// A link annotation on `page` inside element `elem` (or no element): reserves the
    /// annotation's object and writes its `Link` element. Returns the annotation's object
    /// and its key in the parent tree (its `StructParent`).
    pub fn link(
        &mut self,
        file: &mut FileWriter,
        tags: &Tags,
        page: u32,
        elem: Option<u32>,
    ) -> Result<(u32, i64), PdfError> {
        let annot = file.reserve();
        let link = file.reserve();
        let parent = match elem {
            Some(e) => self.kid(file, tags, e, Kid::Obj(link)),
            None => {
                self.document_kids.push(Kid::Obj(link));
                self.document
            }
        };
        let objr = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"OBJR".to_vec())),
            ("Pg", Object::Reference((page, 0))),
            ("Obj", Object::Reference((annot, 0))),
        ]);
        let dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(b"Link".to_vec())),
            ("P", Object::Reference((parent, 0))),
            ("K", Object::Array(vec![Object::Dictionary(objr)])),
        ]);
        file.put(link, &Object::Dictionary(dict))?;
        Ok((annot, self.key(Parent::Link(link))))
    }

    fn key(&mut self, value: Parent) -> i64 {
        self.nums.push(value);
        self.nums.len() as i64 - 1
    }

    /// Adds `kid` to element `elem`, which is given its object (and its ancestors theirs,
    /// each added to its parent's kids) the first time it shows. Returns the element's object.
    /// A loop, not recursion: nesting depth is the post's.
    fn kid(&mut self, file: &mut FileWriter, tags: &Tags, elem: u32, kid: Kid) -> u32 {
        // The element and those of its ancestors not shown yet, innermost first.
        let mut chain = Vec::new();
        let mut at = Some(elem);
        let mut parent = None;
        while let Some(e) = at {
            if self.live.contains_key(&e) {
                parent = Some(e);
                break;
            }
            // Written already (cannot happen while each post starts a page): the document
            // takes what would have gone in it.
            if e < self.written_below {
                break;
            }
            chain.push(e);
            at = tags.get(e).and_then(|x| x.parent);
        }
        for &e in chain.iter().rev() {
            let id = file.reserve();
            let parent_id = self.push(parent, Kid::Obj(id));
            self.live.insert(
                e,
                Live {
                    id,
                    parent: parent_id,
                    kids: Vec::new(),
                },
            );
            parent = Some(e);
        }
        self.push(parent, kid)
    }

    /// Adds `kid` to a shown element, or to the document; returns the object it went in.
    fn push(&mut self, elem: Option<u32>, kid: Kid) -> u32 {
        match elem.and_then(|e| self.live.get_mut(&e)) {
            Some(live) => {
                live.kids.push(kid);
                live.id
            }
            None => {
                self.document_kids.push(kid);
                self.document
            }
        }
    }

    /// Writes the shown elements numbered below `elem`, which can show no more, and has
    /// `tags` forget them.
    pub fn write_below(
        &mut self,
        file: &mut FileWriter,
        tags: &mut Tags,
        elem: u32,
    ) -> Result<(), PdfError> {
        let later = self.live.split_off(&elem);
        for (e, live) in std::mem::replace(&mut self.live, later) {
            // An element the layout did not record cannot happen; it would still be written.
            let role = tags.get(e).map_or("NonStruct", |x| x.role);
            let mut dict = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"StructElem".to_vec())),
                ("S", Object::Name(role.as_bytes().to_vec())),
                ("P", Object::Reference((live.parent, 0))),
                (
                    "K",
                    Object::Array(live.kids.into_iter().map(Kid::object).collect()),
                ),
            ]);
            if let Some(alt) = tags.alt(e) {
                dict.set("Alt", super::postprocess::text(alt));
            }
            if let Some(lang) = tags.lang(e) {
                dict.set("Lang", Object::string_literal(lang));
            }
            file.put(live.id, &Object::Dictionary(dict))?;
        }
        self.written_below = self.written_below.max(elem);
        tags.forget_before(elem);
        Ok(())
    }

    /// The pages that follow are the book's title page and contents, which come first.
    pub fn front_begins(&mut self) {
        self.front_from = Some(self.document_kids.len());
    }

    /// Writes what is left: the elements still held, the document element, the parent tree
    /// and the tree's root, set in the catalog of `doc`.
    pub fn finish(
        mut self,
        doc: &mut Document,
        file: &mut FileWriter,
        tags: &mut Tags,
    ) -> Result<(), PdfError> {
        self.write_below(file, tags, u32::MAX)?;
        let mut kids = std::mem::take(&mut self.document_kids);
        if let Some(front) = self.front_from.filter(|&f| f <= kids.len()) {
            kids.rotate_left(front);
        }
        let document_dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(b"Document".to_vec())),
            ("P", Object::Reference((self.root, 0))),
            (
                "K",
                Object::Array(kids.into_iter().map(Kid::object).collect()),
            ),
        ]);
        file.put(self.document, &Object::Dictionary(document_dict))?;
        let parent_tree = file.reserve();
        write_parent_tree(file, parent_tree, &self.nums)?;
        let root_dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            ("K", Object::Reference((self.document, 0))),
            ("ParentTree", Object::Reference((parent_tree, 0))),
            ("ParentTreeNextKey", Object::Integer(self.nums.len() as i64)),
        ]);
        file.put(self.root, &Object::Dictionary(root_dict))?;
        let catalog = doc
            .catalog_mut()
            .map_err(|e| PdfError::Write(format!("catalog: {e}")))?;
        catalog.set("StructTreeRoot", Object::Reference((self.root, 0)));
        catalog.set(
            "MarkInfo",
            Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
        );
        Ok(())
    }
}

/// The parent tree as one number tree node, key `k` → `values[k]`. Written piece by piece: a
/// book has a key for every page and link.
fn write_parent_tree(file: &mut FileWriter, id: u32, values: &[Parent]) -> Result<(), PdfError> {
    use std::io::Write as _;
    file.begin(id)?;
    let mut buf = b"<</Nums [".to_vec();
    for (key, value) in values.iter().enumerate() {
        match value {
            Parent::Page(elems) => {
                let _ = write!(buf, "{key} [");
                for (i, e) in elems.iter().enumerate() {
                    let sep = if i > 0 { " " } else { "" };
                    let _ = write!(buf, "{sep}{e} 0 R");
                }
                buf.extend_from_slice(b"]\n");
            }
            Parent::Link(link) => {
                let _ = writeln!(buf, "{key} {link} 0 R");
            }
        }
        if buf.len() > 1 << 16 {
            file.piece(&buf)?;
            buf.clear();
        }
    }
    buf.extend_from_slice(b"]>>");
    file.piece(&buf)?;
    file.end()
}
