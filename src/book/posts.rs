//! The posts of a book, held so that its memory does not grow with them: what the writers need
//! of every post before the first chapter (title, date, categories, author, language,
//! identity) is kept; the body of each is read again when its chapter is written, and dropped
//! once it is.

use std::borrow::Cow;

use crate::tree::Document;

/// Loads the whole post at an index (an error says why it could not, in a phrase).
pub type Loader<'a> = dyn Fn(usize) -> Result<Document, String> + Sync + 'a;

pub struct Posts<'a> {
    /// Every post, in input order (the index links and groups use); for posts the loader
    /// reads again, `blocks` and `image_paths` are empty.
    heads: Cow<'a, [Document]>,
    loader: Option<&'a Loader<'a>>,
}

impl<'a> Posts<'a> {
    /// Posts already whole in memory.
    pub fn whole(docs: &'a [Document]) -> Posts<'a> {
        Posts {
            heads: Cow::Borrowed(docs),
            loader: None,
        }
    }

    /// Posts of which only `heads` are kept (see [`head`]); `loader` reads each again.
    pub fn loaded(heads: Vec<Document>, loader: &'a Loader<'a>) -> Posts<'a> {
        Posts {
            heads: Cow::Owned(heads),
            loader: Some(loader),
        }
    }

    /// What is known of every post without its body.
    pub fn heads(&self) -> &[Document] {
        &self.heads
    }

    pub fn len(&self) -> usize {
        self.heads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// The whole post at `i`. A post that cannot be read again (changed or removed since the
    /// book began) keeps its head, with an error for the writer to warn about.
    pub fn load(&self, i: usize) -> (Cow<'_, Document>, Option<String>) {
        let Some(head) = self.heads.get(i) else {
            return (Cow::Owned(Document::default()), None);
        };
        match self.loader {
            None => (Cow::Borrowed(head), None),
            Some(load) => match load(i) {
                Ok(doc) => (Cow::Owned(doc), None),
                Err(why) => (Cow::Borrowed(head), Some(why)),
            },
        }
    }
}

/// `doc` without its body: what [`Posts`] keeps of a post it reads again.
pub fn head(mut doc: Document) -> Document {
    // The language is told from the body, so it is settled before the body goes.
    if doc.lang.is_none() {
        doc.lang = Some(crate::lang::of(&doc));
    }
    doc.blocks = Vec::new();
    doc.image_paths = Default::default();
    doc
}
