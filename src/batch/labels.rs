//! Small words of the consolidation's outputs: a month in French, and a file's path as a link
//! relative to the folder of the output that names it.

use std::path::{Component, Path};

/// `2025-04` as `avril 2025`.
pub(super) fn month_label(month: &str) -> String {
    const NAMES: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    match month.split_once('-') {
        Some((y, m)) => match m.parse::<usize>() {
            Ok(m @ 1..=12) => format!("{} {y}", NAMES[m - 1]),
            _ => month.to_string(),
        },
        None => month.to_string(),
    }
}

/// `file` relative to the folder `base` (both made absolute from the working directory), with
/// `/` between parts, so that a link from the report reaches it.
pub(super) fn relative(base: &Path, file: &Path) -> String {
    let Ok(file) = std::path::absolute(file) else {
        return file.display().to_string();
    };
    let (b, f): (Vec<Component>, Vec<Component>) =
        (base.components().collect(), file.components().collect());
    let common = b.iter().zip(&f).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return file.display().to_string();
    }
    let mut parts: Vec<String> = vec!["..".into(); b.len() - common];
    parts.extend(
        f[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::{month_label, relative};
    use std::path::Path;

    #[test]
    fn links_are_relative_to_the_report_folder() {
        assert_eq!(
            relative(Path::new("/a/b/out"), Path::new("/a/b/lot/x.xlsx")),
            "../lot/x.xlsx"
        );
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/b/x.xlsx")),
            "x.xlsx"
        );
        assert_eq!(month_label("2025-04"), "avril 2025");
    }
}
