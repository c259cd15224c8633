//! A plain-text table with aligned columns, for terminal output.

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Text.
    Left,
    /// Numbers and amounts.
    Right,
}

/// A table built row by row and rendered once, sized to its widest cells.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    headers: Vec<String>,
    aligns: Vec<Align>,
    rows: Vec<Vec<String>>,
    total: Option<Vec<String>>,
}

impl Table {
    /// A table with these column headers.
    pub(crate) fn new(headers: &[(&str, Align)]) -> Table {
        Table {
            headers: headers.iter().map(|(h, _)| h.to_string()).collect(),
            aligns: headers.iter().map(|(_, a)| *a).collect(),
            rows: Vec::new(),
            total: None,
        }
    }

    /// Adds a row (missing cells are blank).
    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Sets a closing row, shown under a rule.
    pub(crate) fn total(&mut self, cells: Vec<String>) {
        self.total = Some(cells);
    }

    /// The table as text, one line per row, each line ending with a newline.
    pub(crate) fn render(&self) -> String {
        let all = std::iter::once(&self.headers)
            .chain(&self.rows)
            .chain(self.total.as_ref());
        let mut widths = vec![0; self.headers.len()];
        for row in all {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let rule = widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("  ");
        let mut out = self.line(&self.headers, &widths);
        out.push_str(&format!("{rule}\n"));
        for row in &self.rows {
            out.push_str(&self.line(row, &widths));
        }
        if let Some(total) = &self.total {
            out.push_str(&format!("{rule}\n"));
            out.push_str(&self.line(total, &widths));
        }
        out
    }

    fn line(&self, cells: &[String], widths: &[usize]) -> String {
        let padded: Vec<String> = widths
            .iter()
            .zip(&self.aligns)
            .enumerate()
            .map(|(i, (w, align))| {
                let cell = cells.get(i).map_or("", String::as_str);
                match align {
                    Align::Left => format!("{cell:<w$}"),
                    Align::Right => format!("{cell:>w$}"),
                }
            })
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_on_characters_not_bytes() {
        let mut t = Table::new(&[("Année", Align::Left), ("Montant", Align::Right)]);
        t.row(vec!["1".into(), "60 000,00 €".into()]);
        t.total(vec!["Total".into(), "5,00 €".into()]);
        assert_eq!(
            t.render(),
            "Année      Montant\n-----  -----------\n1      60 000,00 €\n-----  -----------\nTotal       5,00 €\n"
        );
    }
}
