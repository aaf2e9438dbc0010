CREATE TABLE IF NOT EXISTS notes (
    id   bigserial PRIMARY KEY,
    body text      NOT NULL
);
