//! `cpts-aci demo`: the whole pipeline on the embedded sample contract.

mod lot;

use crate::check::Review;
use crate::check::{Finding, Options, PieceFolder, Reviewed, Severity, review};
use crate::contract::Contract;
use crate::error::{Error, Outcome};
use crate::finding::Code;
use crate::funding::{fund_year, reaching_readings};
use crate::report::workbook::{CheckJson, findings_text, funding_text};
use crate::workbook::entries::{Cell, checkpoint_key, evidence_key};
use crate::workbook::layout::{CHECKPOINTS, EVIDENCE, INDICATORS, evid, ind, step};
use crate::workbook::plan::{expected_evidence, planned_checkpoints};
use crate::workbook::read::{ReadWorkbook, read_workbook};
use crate::workbook::{Entries, write_workbook};
use crate::{fsio, report};
use std::path::{Path, PathBuf};

/// The sample contract shipped in `samples/` and embedded in the binary.
pub(crate) const SAMPLE_CONTRACT: &str = include_str!("../../samples/contrat-exemple.toml");

/// The same contract after its avenant n° 1 (effective at the start of year 3).
const SAMPLE_AVENANT: &str = include_str!("../../samples/contrat-exemple-avenant1.toml");

/// Every file the demo writes in its folder, checked before anything is written.
fn outputs(out: &Path, contract: &Contract) -> Vec<PathBuf> {
    let pieces = demo_piece_paths(contract, 2, &out.join("pieces"));
    let names = [
        "contrat.toml",
        "contrat.xlsx",
        "contrat-avenant1.toml",
        "plan.xlsx",
        "suivi-annee-2-rempli-dossier.zip",
        "suivi-annee-2.xlsx",
        "suivi-annee-2-rempli.xlsx",
        "suivi-annee-2-rempli-synthese.xlsx",
        "consolidation.xlsx",
        "consolidation.json",
    ];
    names
        .iter()
        .map(|n| out.join(n))
        .chain(lot::files(&out.join("lot")))
        .chain(pieces.into_iter().map(|(path, _)| path))
        .collect()
}

/// The filled workbook checked as on the day its year ends, when the dialogue de gestion
/// prepares: every step of the year is due.
fn demo_review(wb: &ReadWorkbook, signed: Option<&Contract>) -> Review {
    review(wb, demo_options(wb, signed))
}

/// The demo reviews each workbook on the day its year ends, when every checkpoint is due.
fn demo_options<'a>(wb: &ReadWorkbook, signed: Option<&'a Contract>) -> Options<'a> {
    let today = wb.contract.period(wb.year).next_anniversary();
    Options { today, signed }
}

/// The avenant at the year-2 anniversary, what it changes, and the five years with the filled
/// year-2 workbook.
fn demo_years(
    out: &Path,
    contract: &Contract,
    contract_path: &Path,
    wb: &ReadWorkbook,
) -> Result<String, Error> {
    let filled = &wb.path;
    let path = out.join("contrat-avenant1.toml");
    fsio::write_atomic(&path, SAMPLE_AVENANT.as_bytes()).map_err(Error::Io)?;
    let amended = Contract::parse(SAMPLE_AVENANT, &path)?;
    let report = crate::amendment::compare(contract, &amended);
    let mut text = format!(
        "\n== cpts-aci avenant {} {}\n{}",
        contract_path.display(),
        path.display(),
        crate::amendment::text(&report, contract, &amended)
    );
    let r = demo_review(wb, Some(&amended));
    let mismatches = r
        .findings
        .iter()
        .filter(|f| f.code == crate::finding::Code::ContractMismatch.as_str())
        .count();
    text.push_str(&format!(
        "\n== cpts-aci check {} --contrat {}\nLe classeur de l'année 2, produit avant l'avenant, \
         reste lié aux termes de son année : {}.\n",
        filled.display(),
        path.display(),
        if mismatches == 0 {
            "aucun écart avec le contrat modifié".to_string()
        } else {
            crate::fr::count(mismatches, "écart", "écarts")
        }
    ));
    let today = wb.contract.period(wb.year).next_anniversary();
    let plan = crate::pluriannual::build(&amended, std::slice::from_ref(wb), today);
    let plan_path = out.join("plan.xlsx");
    let bytes = crate::pluriannual::write_plan(&plan)
        .map_err(|e| Error::Io(format!("écriture du plan impossible : {e}")))?;
    fsio::write_atomic(&plan_path, &bytes).map_err(Error::Io)?;
    text.push_str(&format!(
        "\n== cpts-aci plan {} {} -o {}\n{}",
        path.display(),
        filled.display(),
        plan_path.display(),
        crate::pluriannual::text(&plan)
    ));
    Ok(text)
}

/// Checks, computes and summarizes the filled workbook as the CPAM would, and says what it
/// found.
fn review_filled(wb: &ReadWorkbook) -> Result<String, Error> {
    let path = &wb.path;
    let reviewed = Reviewed::new(wb.clone(), demo_options(wb, None));
    let r = &reviewed.review;
    let report = CheckJson::new(
        path.display().to_string(),
        Some(&wb.contract.cpts.name),
        Some(wb.year),
        &r.findings,
    );
    let mut text = format!("\n== cpts-aci check {}\n", path.display());
    text.push_str(&findings_text(&report));
    text.push_str(&format!("\n== cpts-aci compute {}\n", path.display()));
    text.push_str(&funding_text(&r.funding, None));
    let output = super::summarize::default_output(path);
    fsio::write_atomic(&output, &reviewed.summary()?).map_err(Error::Io)?;
    text.push_str(&format!(
        "\n== cpts-aci summarize {}\nSynthèse écrite dans {} ({}, {}).\n",
        path.display(),
        output.display(),
        crate::fr::count(r.count(Severity::Error), "erreur", "erreurs"),
        crate::fr::count(
            r.count(Severity::Warning),
            "avertissement",
            "avertissements"
        ),
    ));
    Ok(text)
}

/// What a coordinator typed in the sample's year 2, with three realistic mistakes: a unit typed
/// with a number, a neutralisation without its explanation, a result whose evidence is missing.
pub fn demo_entries(contract: &Contract, year: u32) -> Entries {
    let n = Cell::Number;
    let t = |s: &str| Cell::Text(s.into());
    let period = contract.period(year);
    let measured = Cell::Date(period.end.pred_opt().unwrap_or(period.end));
    let mut e = Entries::default();
    let values = [
        ("ACC-01", n(355.0)),
        ("ACC-02", n(890.0)),
        ("ACC-03", n(11.0)),
        ("ACC-04", t("Fait")),
        ("ACC-05", t("Atteint")),
        ("PAR-01", t("Fait")),
        ("PAR-02", t("42 patients")),
        ("PAR-03", n(141.0)),
        ("PAR-04", n(13.0)),
        ("PRE-01", n(56.0)),
    ];
    for (code, value) in values {
        e.set(&INDICATORS, code, ind::OBSERVED, value);
        e.set(&INDICATORS, code, ind::MEASURED_ON, measured.clone());
    }
    e.set(&INDICATORS, "PRE-02", ind::NEUTRALISED, t("Oui"));
    e.set(
        &INDICATORS,
        "ACC-03",
        ind::COMMENT,
        t("Trois médecins inscrits en attente de validation par le SAS."),
    );
    for (code, piece, reference) in demo_references(contract, year) {
        let key = evidence_key(&code, &piece);
        let missing = code == "PAR-01" && piece.starts_with("Liste");
        e.set(
            &EVIDENCE,
            &key,
            evid::PROVIDED,
            t(if missing { "Non" } else { "Oui" }),
        );
        if !missing {
            e.set(&EVIDENCE, &key, evid::REFERENCE, t(&reference));
        }
    }
    crate::synthetic::record_checkpoints(&mut e, period, "Coordinatrice, bureau, ARS, CPAM");
    for (date, _) in planned_checkpoints(period) {
        let decisions = t("Avancement validé ; actions du trimestre suivant arrêtées.");
        e.set(
            &CHECKPOINTS,
            &checkpoint_key(date),
            step::DECISIONS,
            decisions,
        );
    }
    e
}

/// Each expected piece of the demo's year with the reference the coordinator typed: the file's
/// name in the evidence folder, or, for the parcours mission, its path there.
fn demo_references(contract: &Contract, year: u32) -> Vec<(String, String, String)> {
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    expected_evidence(contract, year)
        .into_iter()
        .map(|(code, piece)| {
            let n = counts.entry(code.clone()).or_default();
            *n += 1;
            let name = format!("{code} pièce {n}.pdf");
            let reference = if code.starts_with("PAR") {
                format!("parcours/{code}/{name}")
            } else {
                name
            };
            (code, piece, reference)
        })
        .collect()
}

/// The demo's evidence folder: a small PDF for each piece referenced, except the one that shows
/// `evidence_file_missing` (ACC-03's list of doctors, not filed yet).
fn demo_pieces(contract: &Contract, year: u32, dir: &Path) -> Result<usize, Error> {
    let mut written = 0;
    for (path, (code, piece)) in demo_piece_paths(contract, year, dir) {
        if let Some(parent) = path.parent() {
            fsio::create_dir(parent).map_err(Error::Io)?;
        }
        let text = format!("{} - {code} - {piece}", contract.cpts.name);
        fsio::write_atomic(&path, &tiny_pdf(&text)).map_err(Error::Io)?;
        written += 1;
    }
    Ok(written)
}

/// Where the demo files each piece it provides, with the piece.
fn demo_piece_paths(
    contract: &Contract,
    year: u32,
    dir: &Path,
) -> Vec<(PathBuf, (String, String))> {
    demo_references(contract, year)
        .into_iter()
        .filter(|(code, piece, _)| {
            code != "ACC-03" && !(code == "PAR-01" && piece.starts_with("Liste"))
        })
        .map(|(code, piece, reference)| {
            let path = match reference.split_once('/') {
                Some(_) => dir.join(&reference),
                None => dir
                    .join(crate::dossier::mission_of(contract, &code))
                    .join(&reference),
            };
            (path, (code, piece))
        })
        .collect()
}

/// A one-page PDF showing one line of text (Helvetica, Latin-1).
fn tiny_pdf(text: &str) -> Vec<u8> {
    let latin1: Vec<u8> = text
        .chars()
        .map(|c| match u32::from(c) {
            0x28 | 0x29 | 0x5C => b' ',
            n @ 0x20..=0xFF => n as u8,
            _ => b'?',
        })
        .collect();
    let mut stream = b"BT /F1 12 Tf 56 780 Td (".to_vec();
    stream.extend_from_slice(&latin1);
    stream.extend_from_slice(b") Tj ET");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        [
            format!("<< /Length {} >>\nstream\n", stream.len()).into_bytes(),
            stream,
            b"\nendstream".to_vec(),
        ]
        .concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// The evidence folder and the year's dossier of the filled workbook.
fn demo_dossier(out: &Path, contract: &Contract, wb: &ReadWorkbook) -> Result<String, Error> {
    let (filled, year) = (&wb.path, wb.year);
    let dir = out.join("pieces");
    let written = demo_pieces(contract, year, &dir)?;
    let folder = PieceFolder::scan(&dir).map_err(Error::Io)?;
    let reviewed = Reviewed::with_evidence(wb.clone(), demo_options(wb, None), Some(&folder));
    let zip = out.join(format!("suivi-annee-{year}-rempli-dossier.zip"));
    let report = crate::dossier::write_dossier(&reviewed, &zip).map_err(Error::Io)?;
    let evidence: Vec<Finding> = report
        .findings
        .into_iter()
        .filter(|f| f.code == Code::EvidenceFileMissing)
        .collect();
    let shown = CheckJson::new(filled.display().to_string(), None, None, &evidence);
    Ok(format!(
        "\n== cpts-aci dossier {} --pieces {}\nDossier des pièces : {} rangés par mission. \
         Dossier écrit dans {} : {}, le classeur contrôlé, index.html et empreintes.sha256. \
         Pièce manquante signalée :\n{}",
        filled.display(),
        dir.display(),
        crate::fr::count(written, "fichier", "fichiers"),
        zip.display(),
        crate::fr::count(report.pieces, "pièce", "pièces"),
        findings_text(&shown)
    ))
}

/// Arguments of `demo`.
#[derive(Debug, clap::Args)]
#[command(help_template = super::SUBCOMMAND_HELP)]
pub(crate) struct Args {
    /// Dossier où écrire les fichiers de la démonstration (par défaut ./demo-aci).
    #[arg(
        long,
        value_name = "DOSSIER",
        default_value = "demo-aci",
        hide_default_value = true
    )]
    pub out: PathBuf,
    /// Remplace les fichiers d'une démonstration précédente dans ce dossier.
    #[arg(long)]
    pub force: bool,
}

/// Writes the demo files and prints the funding tables.
pub(crate) fn run(args: &Args) -> Outcome {
    let contract = Contract::parse(SAMPLE_CONTRACT, Path::new("contrat-exemple.toml"))?;
    if !args.force
        && let Some(existing) = outputs(&args.out, &contract)
            .into_iter()
            .find(|p| p.exists())
    {
        return Err(Error::Usage(format!(
            "{} existe déjà : une démonstration a déjà été écrite dans {} ; ajoutez --force \
             pour remplacer ses fichiers, ou choisissez un autre dossier avec --out",
            existing.display(),
            args.out.display()
        )));
    }
    fsio::create_dir(&args.out).map_err(Error::Io)?;
    let contract_path = args.out.join("contrat.toml");
    fsio::write_atomic(&contract_path, SAMPLE_CONTRACT.as_bytes()).map_err(Error::Io)?;
    // The same contract as a workbook, the form a coordinator fills.
    let book_path = args.out.join("contrat.xlsx");
    let book = crate::contractbook::examine_bytes(SAMPLE_CONTRACT.as_bytes())
        .and_then(|e| e.convert(crate::contractbook::ContractForm::Workbook))
        .map_err(Error::Io)?;
    fsio::write_atomic(&book_path, &book).map_err(Error::Io)?;

    let year = 2;
    let workbook_path = args.out.join(format!("suivi-annee-{year}.xlsx"));
    let blank = Entries::default();
    let funding = fund_year(&contract, year, &blank.readings(&contract, year));
    let bytes = write_workbook(&contract, year, &blank, &funding)?;
    fsio::write_atomic(&workbook_path, &bytes).map_err(Error::Io)?;

    let filled_path = args.out.join(format!("suivi-annee-{year}-rempli.xlsx"));
    let filled = demo_entries(&contract, year);
    let funding = fund_year(&contract, year, &filled.readings(&contract, year));
    let bytes = write_workbook(&contract, year, &filled, &funding)?;
    fsio::write_atomic(&filled_path, &bytes).map_err(Error::Io)?;
    let filled_wb = read_workbook(&filled_path).map_err(|e| Error::Io(e.to_string()))?;
    let review_text = review_filled(&filled_wb)?;

    let c = &contract.cpts;
    let mut text = format!(
        "Démonstration cpts-aci : {} (taille {}, {} habitants)\n\
         Contrat signé le {} pour {} ans ; écrit dans {} et, en classeur du contrat, dans {}\n\n",
        c.name,
        contract.size.get(),
        crate::fr::french_number(c.population.unwrap_or_default().into(), 0),
        crate::fr::date(contract.terms.signature),
        contract.terms.duration_years,
        contract_path.display(),
        book_path.display(),
    );
    text.push_str("Financement maximal par année de contrat (tous les objectifs atteints)\n");
    text.push_str(&report::max_by_year(&contract));
    let year1 = fund_year(&contract, 1, &reaching_readings(&contract, 1));
    text.push_str(&format!(
        "\nCalendrier des versements de l'année 1 ({}), si tous les objectifs sont atteints\n",
        report::period(&year1)
    ));
    text.push_str(&report::calendar(&year1));
    text.push_str(&format!(
        "\nClasseur de suivi vierge de l'année {year} ({} indicateurs) : {}\n",
        contract.lines(year).len(),
        workbook_path.display()
    ));
    text.push_str(&format!(
        "Classeur rempli par la coordinatrice, avec trois erreurs réalistes : {}\n",
        filled_path.display()
    ));
    text.push_str(&review_text);
    text.push_str(&demo_dossier(&args.out, &contract, &filled_wb)?);
    text.push_str(&demo_years(
        &args.out,
        &contract,
        &contract_path,
        &filled_wb,
    )?);
    text.push_str(&lot::demo_batch(&args.out)?);
    super::print(&text)?;
    Ok(true)
}
