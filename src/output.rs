//! Writing outputs so that nothing is ever half-written or lost.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a temporary file beside `target`, then renames it into place: readers see
/// the old file or the new one, never a part, and a failure leaves no file behind.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".postbind-")
        .suffix(".part")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // No fsync: the rename alone means no reader, Ctrl-C or kill ever sees a partial file, and
    // syncing every one of ten thousand outputs was most of a Markdown batch's time.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}
