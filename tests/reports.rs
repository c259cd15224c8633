//! The report tables (README, « Le plan pluriannuel » and « Contrôler tout un territoire »):
//! each is described once, in `cpts_aci::layout::reports`, and the workbooks show exactly
//! those headers. Their names are
//! stable — scripts read these sheets — so they are pinned here, letter for letter.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::cpts_aci;
use cpts_aci::layout::reports::{self, ReportTable};
use std::path::Path;

/// Every row of a sheet, as text.
fn rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The table's header row is in its sheet, in the described order.
fn assert_shown(path: &Path, table: &ReportTable) {
    let names = table.names();
    let found = rows(path, table.sheet)
        .iter()
        .any(|r| r.len() >= names.len() && r[..names.len()] == names[..]);
    assert!(found, "{}: no header row {names:?}", table.sheet);
}

#[test]
fn the_plan_tables_keep_their_stable_names() {
    let plan = |t: &ReportTable| (t.sheet, t.names());
    assert_eq!(
        reports::plan::ALL.map(|t| plan(&t)),
        [
            (
                "Pluriannuel",
                vec![
                    "Année",
                    "Du",
                    "Au",
                    "Maximum (€)",
                    "Obtenu (€)",
                    "Base",
                    "Reste à obtenir (€)",
                    "Classeur",
                    "Non obtenu (€)",
                    "À confirmer"
                ]
            ),
            (
                "Pluriannuel",
                vec![
                    "Année",
                    "Enveloppe",
                    "Fixe (€)",
                    "Variable maximum (€)",
                    "Variable obtenu (€)",
                    "Activation (€)",
                    "Base",
                    "À confirmer"
                ]
            ),
            (
                "Échéancier",
                vec![
                    "Date",
                    "Année",
                    "Versement",
                    "Mission",
                    "Montant (€)",
                    "Base",
                    "Cumul versé (€)",
                    "À confirmer"
                ]
            ),
            (
                "Indicateurs",
                vec![
                    "Code",
                    "Mission",
                    "Indicateur",
                    "Valeur initiale",
                    "Année",
                    "Cible",
                    "Poids (€)",
                    "Réalisé",
                    "Atteinte",
                    "Montant (€)",
                    "Base"
                ]
            ),
        ]
    );
}

#[test]
fn the_plan_workbook_shows_the_described_headers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.xlsx");
    let status = cpts_aci()
        .args(["plan", "samples/contrat-exemple.toml", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    for table in &reports::plan::ALL {
        assert_shown(&out, table);
    }
}

#[test]
fn the_consolidation_sheets_keep_their_stable_names() {
    let names: Vec<(&str, Vec<&str>)> = reports::consolidation::ALL
        .iter()
        .map(|t| (t.sheet, t.names()))
        .collect();
    let common = ["Fichier", "CPTS"];
    let with = |rest: &[&'static str]| -> Vec<&'static str> {
        common.iter().chain(rest).copied().collect()
    };
    assert_eq!(
        names,
        [
            (
                "CPTS",
                with(&[
                    "Identifiant",
                    "Taille",
                    "Année",
                    "Statut",
                    "Erreurs",
                    "Avertissements",
                    "Financement total (€)",
                    "Variable obtenu (€)",
                    "Variable max (€)",
                    "Taux d'atteinte",
                    "Motif",
                    "Financement total N-1 (€)",
                    "Taux d'atteinte N-1",
                    "Évolution (€)",
                ])
            ),
            (
                "Indicateurs",
                with(&[
                    "Année",
                    "Mission",
                    "Code",
                    "Indicateur",
                    "Réalisé",
                    "Poids (€)",
                    "Poids de l'année (€)",
                    "Atteinte",
                    "Montant (€)",
                    "Statut",
                    "Atteinte N-1",
                    "Montant N-1 (€)",
                    "Évolution (€)",
                    "Barème",
                    "Il manque",
                    "Explication",
                ])
            ),
            (
                "Financement",
                with(&[
                    "Année",
                    "Mission",
                    "Prorata",
                    "Fixe (€)",
                    "Variable obtenu (€)",
                    "Variable max (€)",
                    "Activation (€)",
                    "Total (€)",
                    "Variable obtenu N-1 (€)",
                    "Taux d'atteinte N-1",
                    "Total N-1 (€)",
                    "Évolution (€)",
                    "À confirmer",
                ])
            ),
            (
                "Contrôles",
                with(&[
                    "Gravité",
                    "Code",
                    "Constat",
                    "Feuille",
                    "Cellule",
                    "Indicateur",
                    "Problème",
                    "Correction",
                    "Enjeu (€)",
                ])
            ),
        ]
    );
}

#[test]
fn the_consolidation_shows_the_described_headers_and_explains_each_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("consolidation.xlsx");
    let run = cpts_aci()
        .args(["batch", "tests/cmd/lot.in/vallee.xlsx", "-o"])
        .arg(&out)
        .args(["--date", "2026-06-01"])
        .output()
        .unwrap();
    assert!(run.status.code().is_some_and(|c| c <= 1), "{run:?}");
    for table in &reports::consolidation::ALL {
        assert_shown(&out, table);
    }
    // Every line says its scale; the sheet carries the same words as the tracking workbook.
    let rows = rows(&out, "Indicateurs");
    let scale = reports::consolidation::INDICATORS.col("Barème") as usize;
    assert!(rows.len() > 2);
    for row in &rows[1..] {
        assert!(!row[scale].is_empty(), "{row:?}");
    }
}

#[test]
fn the_tracking_workbook_report_tables_keep_their_stable_names() {
    let names: Vec<(&str, Vec<&str>)> = reports::summary::ALL
        .iter()
        .map(|t| (t.sheet, t.names()))
        .collect();
    assert_eq!(
        names,
        [
            (
                "Contrat",
                vec![
                    "Mission",
                    "Début",
                    "Prorata de l'année",
                    "Fixe annuel (€)",
                    "Variable annuel (€)",
                    "Fixe de l'année (€)",
                    "Variable max de l'année (€)",
                    "Activation crise (€)",
                    "Total de l'année (€)",
                    "À confirmer"
                ]
            ),
            ("Contrat", vec!["Part", "Montant annuel (€)", "À confirmer"]),
            (
                "Synthèse",
                vec![
                    "Mission",
                    "Prorata",
                    "Fixe (€)",
                    "Activation crise (€)",
                    "Variable max (€)",
                    "Variable obtenu (€)",
                    "Atteinte",
                    "Total obtenu (€)",
                    "Maximum (€)",
                    "À confirmer"
                ]
            ),
            (
                "Synthèse",
                vec![
                    "Versement",
                    "Date",
                    "Montant (€)",
                    "Situation",
                    "À confirmer"
                ]
            ),
            (
                "Synthèse",
                vec![
                    "Indicateur",
                    "Code",
                    "Poids de l'année (€)",
                    "Atteinte",
                    "Montant (€)",
                    "Statut",
                    "Barème",
                    "Il manque",
                    "Explication"
                ]
            ),
            (
                "Contrôles",
                vec![
                    "Gravité",
                    "Feuille",
                    "Cellule",
                    "Indicateur",
                    "Constat",
                    "Problème",
                    "Correction",
                    "Enjeu (€)",
                    "Code"
                ]
            ),
            (
                "Saisies conservées",
                vec!["Feuille", "Cellule d'origine", "Colonne", "Valeur"]
            ),
        ]
    );
}

#[test]
fn the_summarized_workbook_shows_the_described_headers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("synthese.xlsx");
    let run = cpts_aci()
        .args(["summarize", "tests/cmd/saisies.in/classeur.xlsx", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.code().is_some_and(|c| c <= 1), "{run:?}");
    use reports::summary::{CALENDAR, CONTROLS, DETAIL, ENVELOPES, FIXED_PARTS, MISSIONS};
    for table in [&ENVELOPES, &FIXED_PARTS, &MISSIONS, &DETAIL, &CONTROLS] {
        assert_shown(&out, table);
    }
    // The calendar lies on the missions' columns: `Situation` spans D to F.
    let calendar = rows(&out, "Synthèse")
        .into_iter()
        .find(|r| r.first().map(String::as_str) == Some("Versement"))
        .unwrap();
    assert_eq!([&calendar[..4], &calendar[6..7]].concat(), CALENDAR.names());
}
