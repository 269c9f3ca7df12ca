fn main() -> std::process::ExitCode {
    credscore::cli::main()
}
