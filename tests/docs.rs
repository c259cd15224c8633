//! The documentation stands alone: every link of the README and of `docs/` leads to a file of
//! the repository, and none points outside it.

use std::path::Path;

fn links(markdown: &str) -> Vec<String> {
    markdown
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(|target| target.split('#').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn readme_and_docs_links_resolve_inside_the_repository() {
    let mut checked = 0;
    for doc in ["README.md", "docs/regles.md"] {
        let text = std::fs::read_to_string(doc).unwrap();
        assert!(
            !text.contains("../shared"),
            "{doc} points outside the repository"
        );
        let base = Path::new(doc).parent().unwrap();
        for target in links(&text) {
            assert!(
                !target.starts_with("..") && !target.starts_with('/') && !target.contains("://"),
                "{doc}: {target} leaves the repository"
            );
            if target.is_empty() {
                continue;
            }
            assert!(
                base.join(&target).exists(),
                "{doc}: {target} does not exist"
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} links");
}

#[test]
fn the_readme_points_to_the_rules_document() {
    let text = std::fs::read_to_string("README.md").unwrap();
    assert!(text.contains("(docs/regles.md)"));
}
