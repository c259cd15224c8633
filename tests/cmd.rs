//! File-based command-line cases: each `tests/cmd/NAME.toml` gives a command's arguments (and
//! its input folder), `NAME.stdout` and `NAME.stderr` what it must print. After a deliberate
//! change, `CPTS_ACI_BLESS=1 cargo test` rewrites them, as it does every expected file of the
//! project (samples, schema); review the diff before committing, and put back the `[..]` a
//! bless replaces (the time a batch took).

#[test]
fn cli_cases() {
    if std::env::var_os("CPTS_ACI_BLESS").is_some() {
        // SAFETY: this test program holds this one test, so no other thread reads the
        // environment while it is changed; trycmd reads TRYCMD to rewrite the expected files.
        unsafe { std::env::set_var("TRYCMD", "overwrite") };
    }
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

/// A bless writes the time a batch took as it was; the expected files keep `[..]` in its place
/// (restore it by hand after a bless), or the cases would depend on the machine's speed.
#[test]
fn expected_batch_lines_leave_the_time_as_a_wildcard() {
    for entry in std::fs::read_dir("tests/cmd").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "stdout") {
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines().filter(|l| l.contains("; financement total")) {
                assert!(
                    !line.contains(" € ; ") || line.ends_with("; [..] s"),
                    "{}: {line}",
                    path.display()
                );
            }
        }
    }
}

/// `generate-starter` runs on the starter exactly as `init` writes it today (a bless rewrites
/// it), so the case shows every value a coordinator has to fill named at its line.
#[test]
fn the_starter_case_holds_what_init_writes() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cpts-aci"))
        .arg("init")
        .output()
        .unwrap();
    assert!(output.status.success());
    let path = "tests/cmd/generate-starter.in/contrat.toml";
    if std::env::var_os("CPTS_ACI_BLESS").is_some() {
        std::fs::write(path, &output.stdout).unwrap();
    }
    assert!(
        std::fs::read(path).unwrap() == output.stdout,
        "{path} is out of date: run `CPTS_ACI_BLESS=1 cargo test --test cmd`"
    );
}

/// The contract workbooks the `contrat` and `generate` cases read are exactly what `init -o
/// contrat.xlsx` and `contrat … -o contrat.xlsx` write today (a bless rewrites them).
#[test]
fn the_contract_workbook_cases_hold_what_the_commands_write() {
    let dir = tempfile::tempdir().unwrap();
    let written = |args: &[&str]| {
        let path = dir.path().join("contrat.xlsx");
        let _ = std::fs::remove_file(&path);
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_cpts-aci"))
            .args(args)
            .arg(&path)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}");
        std::fs::read(&path).unwrap()
    };
    let starter = written(&[
        "init",
        "--population",
        "62000",
        "--signature",
        "2025-03-01",
        "-o",
    ]);
    let sample = written(&["contrat", "samples/contrat-exemple.toml", "-o"]);
    for (case, bytes) in [
        ("contrat-classeur-starter", &starter),
        ("contrat-classeur-vers-toml", &sample),
        ("generate-classeur", &sample),
    ] {
        let path = format!("tests/cmd/{case}.in/contrat.xlsx");
        if std::env::var_os("CPTS_ACI_BLESS").is_some() {
            std::fs::write(&path, bytes).unwrap();
        }
        assert!(
            std::fs::read(&path).unwrap() == *bytes,
            "{path} is out of date: run `CPTS_ACI_BLESS=1 cargo test --test cmd`"
        );
    }
}
