-- TimescaleDB: trades as a hypertable with 1-day chunks and compression; daily_ohlc as a continuous aggregate.
CREATE EXTENSION IF NOT EXISTS timescaledb;

CREATE TABLE IF NOT EXISTS trades (
    ts       timestamptz   NOT NULL,
    ts_ns    bigint        NOT NULL,
    seq      bigint        NOT NULL,
    symbol   text          NOT NULL,
    exchange text          NOT NULL,
    trade_id text          NOT NULL,
    price    numeric(20,8) NOT NULL,
    volume   bigint        NOT NULL,
    source   smallint      NOT NULL DEFAULT 0
);
SELECT create_hypertable('trades', 'ts', chunk_time_interval => INTERVAL '1 day', if_not_exists => TRUE);
CREATE INDEX IF NOT EXISTS trades_symbol_ts ON trades (symbol, ts_ns, seq);

ALTER TABLE trades SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'symbol',
    timescaledb.compress_orderby = 'ts_ns, seq'
);
SELECT add_compression_policy('trades', INTERVAL '7 days', if_not_exists => TRUE);

-- Open/close by event time: first/last ordered by ts_ns (the exact event time), not by arrival.
CREATE MATERIALIZED VIEW IF NOT EXISTS daily_ohlc
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT symbol,
       time_bucket(INTERVAL '1 day', ts) AS day,
       first(price, ts_ns)               AS open,
       max(price)                        AS high,
       min(price)                        AS low,
       last(price, ts_ns)                AS close,
       sum(volume)::bigint               AS volume,
       count(*)                          AS trade_count
FROM trades
GROUP BY symbol, time_bucket(INTERVAL '1 day', ts)
WITH NO DATA;
SELECT add_continuous_aggregate_policy('daily_ohlc',
    start_offset => INTERVAL '30 days', end_offset => NULL, schedule_interval => INTERVAL '5 minutes',
    if_not_exists => TRUE);
