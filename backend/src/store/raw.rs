//! Hand-written statements for the queries sea-query spells awkwardly (joins across
//! several tenant tables, updates from a subquery), written once for both stores.

use sea_orm::{DbBackend, Statement, Value};

/// `sql`, written with PostgreSQL's numbered placeholders (`$1`, `$2`, …), for `backend`.
/// SQLite reads the same numbers as `?1`, `?2`, …, so a placeholder may repeat in either.
pub fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DbBackend::Postgres => sql.to_owned(),
        _ => {
            let mut out = String::with_capacity(sql.len());
            let mut chars = sql.chars().peekable();
            while let Some(c) = chars.next() {
                let numbered = c == '$' && chars.peek().is_some_and(char::is_ascii_digit);
                out.push(if numbered { '?' } else { c });
            }
            out
        }
    };
    Statement::from_sql_and_values(backend, sql, values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_takes_the_same_numbers_with_a_question_mark() {
        let sql = "SELECT $1, '$x', $12 WHERE a = $1";
        let sqlite = statement(DbBackend::Sqlite, sql, vec![]);
        assert_eq!(sqlite.sql, "SELECT ?1, '$x', ?12 WHERE a = ?1");
        assert_eq!(statement(DbBackend::Postgres, sql, vec![]).sql, sql);
    }
}
