use postbind::pdf::{write_pdf, PdfOptions, PageSize};
use postbind::pipeline::{load_post, LoadOptions};
#[test]
fn smoke() {
    for (f, n) in [("fixtures/zaker-news-post.txt", "sample"), ("tests/pdf/every-block.md", "every")] {
        let post = load_post(std::path::Path::new(f), &LoadOptions::default()).unwrap();
        for (ps, s) in [(PageSize::A4, "a4"), (PageSize::Ereader, "ereader")] {
            let t = std::time::Instant::now();
            let r = write_pdf(&post.doc, &PdfOptions { page_size: ps, ..Default::default() }).unwrap();
            eprintln!("{n} {s}: {} bytes in {:?}; warnings {:?}", r.bytes.len(), t.elapsed(), r.warnings);
            std::fs::create_dir_all("target/pdf-smoke").unwrap();
            std::fs::write(format!("target/pdf-smoke/{n}-{s}.pdf"), &r.bytes).unwrap();
        }
    }
}
