#[test]
fn scratch() {
    let text = std::fs::read_to_string("/tmp/t/bad.toml").unwrap();
    let (doc, errors) = toml::de::DeTable::parse_recoverable(&text);
    for e in &errors {
        let s = e.span().unwrap();
        println!("ERR {:?} {:?} «{}»", s, e.message(), &text[s.clone()]);
    }
    println!(
        "keys: {:?}",
        doc.get_ref()
            .keys()
            .map(|k| k.get_ref().to_string())
            .collect::<Vec<_>>()
    );
    let r: Result<toml::Table, _> =
        serde::Deserialize::deserialize(toml::de::Deserializer::from(doc));
    println!("{:?}", r.map(|t| t.to_string()));
}
