fn main() {
    std::process::exit(cpts_aci::run());
}
