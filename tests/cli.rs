//! Command-line tests. File-based cases live in `tests/cmd/` (a case = its arguments and its
//! expected output; refresh with `TRYCMD=overwrite cargo test --test cli` and review the diff).

use assert_cmd::Command;
use cpts_aci::contract::Contract;

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

fn cpts_aci() -> Command {
    Command::cargo_bin("cpts-aci").unwrap()
}

#[test]
fn init_writes_a_contract_that_loads_for_every_taille_and_population() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], u8); 6] = [
        (&["--taille", "1"], 1),
        (&["--taille", "2"], 2),
        (&["--taille", "3"], 3),
        (&["--taille", "4"], 4),
        (&["--population", "175001"], 4),
        (&[], 2),
    ];
    for (i, (args, size)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("contrat-{i}.toml"));
        cpts_aci()
            .arg("init")
            .args(*args)
            .arg("-o")
            .arg(&path)
            .assert()
            .success();
        let contract = Contract::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(contract.size.get(), *size, "{args:?}");
    }
}

#[test]
fn demo_writes_the_sample_contract_and_it_loads() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    cpts_aci()
        .args(["demo", "--out"])
        .arg(&out)
        .assert()
        .success();
    let contract = Contract::load(&out.join("contrat.toml")).unwrap();
    assert_eq!(contract.cpts.name, "CPTS des Deux Rivières");
}

#[test]
fn demo_into_a_file_instead_of_a_folder_fails_with_exit_2_and_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("occupé");
    std::fs::write(&file, "x").unwrap();
    let assert = cpts_aci()
        .args(["demo", "--out"])
        .arg(&file)
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.starts_with("erreur : ") && stderr.contains("occupé"),
        "{stderr}"
    );
}
