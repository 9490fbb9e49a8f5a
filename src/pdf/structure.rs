//! The structure tree of a tagged PDF, built once the pages are written: each element the
//! layout recorded (`tags`) that shows on a page becomes a `StructElem` whose kids are its
//! marked-content sequences and nested elements, in reading order (the order they first
//! appear); each link annotation gets a `Link` element; and the parent tree maps content
//! back to its element, as PDF/UA asks.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::emit::PageTags;
use super::tags::Tags;
use super::PdfError;

pub fn build(doc: &mut Document, tags: &Tags, pages: &[PageTags]) -> Result<(), PdfError> {
    let root = doc.new_object_id();
    let document = doc.new_object_id();
    let mut tree = Tree {
        ids: vec![None; tags.elems.len()],
        kids: vec![Vec::new(); tags.elems.len()],
        document,
        document_kids: Vec::new(),
        order: Vec::new(),
    };
    let mut nums = Vec::new();
    let mut links = Vec::new();
    let mut next_key = pages.len() as i64;
    for (p, page) in pages.iter().enumerate() {
        let mut parents = Vec::with_capacity(page.marks.len());
        for (mcid, &elem) in page.marks.iter().enumerate() {
            let id = tree.register(doc, tags, elem);
            let mcr = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"MCR".to_vec())),
                ("Pg", Object::Reference(page.page)),
                ("MCID", Object::Integer(mcid as i64)),
            ]);
            if let Some(k) = tree.kids.get_mut(elem as usize) {
                k.push(Object::Dictionary(mcr));
            }
            parents.push(Object::Reference(id));
        }
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(parents));
        for &(annot, elem) in &page.annots {
            let link = doc.new_object_id();
            let parent = match elem {
                Some(e) => {
                    let id = tree.register(doc, tags, e);
                    if let Some(k) = tree.kids.get_mut(e as usize) {
                        k.push(Object::Reference(link));
                    }
                    id
                }
                None => {
                    tree.document_kids.push(Object::Reference(link));
                    document
                }
            };
            let objr = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"OBJR".to_vec())),
                ("Pg", Object::Reference(page.page)),
                ("Obj", Object::Reference(annot)),
            ]);
            links.push((link, parent, objr));
            if let Ok(a) = doc.get_dictionary_mut(annot) {
                a.set("StructParent", Object::Integer(next_key));
            }
            links_key(&mut nums, next_key, link);
            next_key += 1;
        }
        let page_dict = doc
            .get_dictionary_mut(page.page)
            .map_err(|e| PdfError::Write(format!("page: {e}")))?;
        page_dict.set("StructParents", Object::Integer(p as i64));
        // Tab order follows the structure.
        page_dict.set("Tabs", Object::Name(b"S".to_vec()));
    }
    for (link, parent, objr) in links {
        let dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(b"Link".to_vec())),
            ("P", Object::Reference(parent)),
            ("K", Object::Array(vec![Object::Dictionary(objr)])),
        ]);
        doc.objects.insert(link, Object::Dictionary(dict));
    }
    for elem in std::mem::take(&mut tree.order) {
        let (Some(e), Some(Some(id))) = (tags.elems.get(elem), tree.ids.get(elem)) else {
            continue;
        };
        let parent = e
            .parent
            .and_then(|p| tree.ids.get(p as usize).copied().flatten())
            .unwrap_or(document);
        let mut dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(e.role.as_bytes().to_vec())),
            ("P", Object::Reference(parent)),
            (
                "K",
                Object::Array(
                    tree.kids
                        .get_mut(elem)
                        .map(std::mem::take)
                        .unwrap_or_default(),
                ),
            ),
        ]);
        if let Some(alt) = &e.alt {
            dict.set("Alt", super::postprocess::text(alt));
        }
        if let Some(lang) = &e.lang {
            dict.set("Lang", Object::string_literal(lang.as_str()));
        }
        doc.objects.insert(*id, Object::Dictionary(dict));
    }
    let document_dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructElem".to_vec())),
        ("S", Object::Name(b"Document".to_vec())),
        ("P", Object::Reference(root)),
        ("K", Object::Array(std::mem::take(&mut tree.document_kids))),
    ]);
    doc.objects
        .insert(document, Object::Dictionary(document_dict));
    let root_dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructTreeRoot".to_vec())),
        ("K", Object::Reference(document)),
        (
            "ParentTree",
            Object::Dictionary(Dictionary::from_iter(vec![("Nums", Object::Array(nums))])),
        ),
        ("ParentTreeNextKey", Object::Integer(next_key)),
    ]);
    doc.objects.insert(root, Object::Dictionary(root_dict));
    let catalog = doc
        .catalog_mut()
        .map_err(|e| PdfError::Write(format!("catalog: {e}")))?;
    catalog.set("StructTreeRoot", Object::Reference(root));
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
    );
    Ok(())
}

fn links_key(nums: &mut Vec<Object>, key: i64, link: ObjectId) {
    nums.push(Object::Integer(key));
    nums.push(Object::Reference(link));
}

struct Tree {
    ids: Vec<Option<ObjectId>>,
    kids: Vec<Vec<Object>>,
    document: ObjectId,
    document_kids: Vec<Object>,
    /// Elements in the order they were given ids.
    order: Vec<usize>,
}

impl Tree {
    /// The object of `elem`, given one (and its ancestors theirs, each added to its parent's
    /// kids) the first time it shows. A loop, not recursion: nesting depth is the post's.
    fn register(&mut self, doc: &mut Document, tags: &Tags, elem: u32) -> ObjectId {
        let mut chain = Vec::new();
        let mut at = Some(elem);
        while let Some(e) = at {
            if let Some(Some(id)) = self.ids.get(e as usize) {
                if chain.is_empty() {
                    return *id;
                }
                break;
            }
            chain.push(e);
            at = tags.elems.get(e as usize).and_then(|x| x.parent);
        }
        let mut id = self.document;
        for &e in chain.iter().rev() {
            let new = doc.new_object_id();
            let parent = tags.elems.get(e as usize).and_then(|x| x.parent);
            match parent.and_then(|p| self.kids.get_mut(p as usize)) {
                Some(k) => k.push(Object::Reference(new)),
                None => self.document_kids.push(Object::Reference(new)),
            }
            if let Some(slot) = self.ids.get_mut(e as usize) {
                *slot = Some(new);
            }
            self.order.push(e as usize);
            id = new;
        }
        id
    }
}
