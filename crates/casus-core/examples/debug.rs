//! Prints the mentions and candidate events of an article (development aid).
use casus_core::{ArticleMeta, Pipeline};

fn main() {
    let path = std::env::args().nth(1).expect("usage: debug FILE");
    let text = std::fs::read_to_string(&path).expect("readable file");
    let p = Pipeline::builtin().expect("data loads");
    let meta = ArticleMeta {
        id: "x".into(),
        ..Default::default()
    };
    let trace = std::env::var_os("CASUS_DEBUG").is_some();
    p.debug(meta, &text, trace);
}
