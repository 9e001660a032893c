-- Tables shared by both flavours (plain PostgreSQL and TimescaleDB).

-- Exactly-once position of each journal writer, updated in the same transaction as the rows it covers.
CREATE TABLE IF NOT EXISTS writer_positions (
    writer        text        PRIMARY KEY,
    seq           bigint      NOT NULL,
    journal_index bigint      NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The engine's final bars and corrections; an upsert keeps the highest rev per (symbol, tf, start).
CREATE TABLE IF NOT EXISTS bars (
    symbol     text          NOT NULL,
    tf         text          NOT NULL,
    start      timestamptz   NOT NULL,
    open       numeric(20,8) NOT NULL,
    high       numeric(20,8) NOT NULL,
    low        numeric(20,8) NOT NULL,
    close      numeric(20,8) NOT NULL,
    volume     bigint        NOT NULL,
    count      bigint        NOT NULL,
    vwap       numeric(20,8) NOT NULL,
    rev        integer       NOT NULL,
    seq        bigint        NOT NULL,
    updated_at timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, tf, start)
);
-- newestBarStart(tf) over all symbols.
CREATE INDEX IF NOT EXISTS bars_tf_start ON bars (tf, start);

CREATE TABLE IF NOT EXISTS portfolio_positions (
    user_id    text          NOT NULL,
    symbol     text          NOT NULL,
    quantity   numeric(20,8) NOT NULL,
    avg_cost   numeric(20,8) NOT NULL,
    updated_at timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, symbol)
);

CREATE TABLE IF NOT EXISTS reports (
    id         text        PRIMARY KEY,
    kind       text        NOT NULL,
    params     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    body       jsonb
);
CREATE INDEX IF NOT EXISTS reports_created_at ON reports (created_at);
