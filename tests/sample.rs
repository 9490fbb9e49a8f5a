//! The real post from a news archive converts with nothing lost.

mod common;

#[test]
fn sample_keeps_every_cjk_character_in_order() {
    let path = common::fixtures_dir().join("zaker-news-post.txt");
    let raw = std::fs::read_to_string(&path).expect("sample");
    let body = raw
        .splitn(3, "\n---\n")
        .nth(2)
        .expect("front matter closes");
    let expected = common::cjk_sequence(body);
    assert_eq!(
        expected.chars().count(),
        2484,
        "the sample's body holds 2,484 CJK characters"
    );

    let post = common::load(&path);
    let md = postbind::markdown::write(&post.doc);
    let md_body = md.splitn(3, "---\n").nth(2).expect("front matter written");
    assert_eq!(common::cjk_sequence(md_body), expected);
    assert!(md.contains("\ndate: 2022-09-18T23:33:47Z\n"), "{md}");
    assert!(
        md.contains("categories:\n- 新媒体\n- ZAKER\n- source\n"),
        "{md}"
    );
    assert!(
        md.starts_with("---\ntitle: 习近平主席中亚之旅成果务实丰硕\n"),
        "{md}"
    );
}
