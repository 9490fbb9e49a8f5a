//! Real paths of posts and their folders, with folders remembered per thread.
//!
//! A post's real path is asked for by its reading (the folder its links are relative to), its
//! images and its identity. glibc's `realpath` reads every component as a link, a system call
//! each: 17 a post three folders deep. Posts of one folder share their folder's answer, so a
//! post costs one `lstat`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Folders remembered by a thread; the table starts over when full.
const REMEMBERED: usize = 1024;

thread_local! {
    static FOLDERS: RefCell<HashMap<PathBuf, PathBuf>> = RefCell::new(HashMap::new());
    /// The last file answered: a post's reading and its identity ask for the same one in turn.
    static LAST: RefCell<Option<(PathBuf, PathBuf)>> = const { RefCell::new(None) };
}

/// `path.canonicalize()`: a file that is not a link resolves through its folder.
pub fn real(path: &Path) -> Option<PathBuf> {
    let last = LAST.with(|l| {
        l.borrow()
            .as_ref()
            .filter(|(asked, _)| asked == path)
            .map(|(_, real)| real.clone())
    });
    if last.is_some() {
        return last;
    }
    let real = resolve(path)?;
    LAST.with(|l| *l.borrow_mut() = Some((path.to_path_buf(), real.clone())));
    Some(real)
}

fn resolve(path: &Path) -> Option<PathBuf> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.is_dir() {
        return real_folder(path);
    }
    match path.file_name() {
        Some(name) if !meta.file_type().is_symlink() => {
            Some(real_folder(folder_of(path))?.join(name))
        }
        _ => path.canonicalize().ok(),
    }
}

/// `dir.canonicalize()`, remembered for the rest of the run.
pub fn real_folder(dir: &Path) -> Option<PathBuf> {
    if let Some(hit) = FOLDERS.with(|f| f.borrow().get(dir).cloned()) {
        return Some(hit);
    }
    let real = dir.canonicalize().ok()?;
    FOLDERS.with(|f| {
        let mut f = f.borrow_mut();
        if f.len() >= REMEMBERED {
            f.clear();
        }
        f.insert(dir.to_path_buf(), real.clone());
    });
    Some(real)
}

/// The folder a file path names its file in (`.` for a bare name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_canonicalize_does() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a");
        std::fs::create_dir(&sub).unwrap();
        let file = sub.join("post.md");
        std::fs::write(&file, "x").unwrap();
        let dotted = sub.join("..").join("a").join("post.md");
        for p in [&file, &sub, &dotted, &dir.path().to_path_buf()] {
            assert_eq!(real(p), p.canonicalize().ok(), "{}", p.display());
        }
        assert_eq!(real(&sub.join("missing.md")), None);
        #[cfg(unix)]
        {
            let other = dir.path().join("b");
            std::fs::create_dir(&other).unwrap();
            let link = other.join("link.md");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert_eq!(real(&link), file.canonicalize().ok());
            let dir_link = dir.path().join("c");
            std::os::unix::fs::symlink(&sub, &dir_link).unwrap();
            assert_eq!(real(&dir_link.join("post.md")), file.canonicalize().ok());
        }
    }
}
