//! Snapshots of every writer's output for every fixture.

mod common;

#[test]
fn markdown_of_every_fixture() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/markdown");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for path in common::post_fixtures() {
            let post = common::load(&path);
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            insta::assert_snapshot!(name, postbind::markdown::write(&post.doc));
        }
    });
}
