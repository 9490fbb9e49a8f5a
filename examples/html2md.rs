use std::io::Read;
fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).ok();
    let parsed = postbind::html::parse(&s, &Default::default());
    println!("{}", postbind::markdown::write_blocks(&parsed.blocks));
}
