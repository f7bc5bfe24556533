/// Partners read `backend/schema.graphql`; it must be exactly what the code serves.
/// To refresh it: `cargo run -p kura-backend -- print-schema > backend/schema.graphql`.
#[test]
fn the_checked_in_sdl_matches_the_code() {
    let checked_in =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
            .expect("backend/schema.graphql is missing");
    let generated = kura_backend::graphql::sdl();
    assert!(
        checked_in == generated,
        "backend/schema.graphql is out of date; run `cargo run -p kura-backend -- print-schema > backend/schema.graphql`"
    );
}
