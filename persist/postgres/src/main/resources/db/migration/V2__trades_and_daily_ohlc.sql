-- Plain PostgreSQL: trades range-partitioned by UTC day on the event time; daily_ohlc kept by the writer.
-- ts is the event time truncated to microseconds (partition key, for SQL users); ts_ns is the exact event time.
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
) PARTITION BY RANGE (ts);
-- Partitions (trades_pYYYYMMDD) are created by the sink ahead of time; there is deliberately no DEFAULT
-- partition: a row parked there would stop the creation of its day's partition later.
CREATE INDEX IF NOT EXISTS trades_ts_brin ON trades USING brin (ts);
-- History reads: the latest trades of one symbol by (ts_ns, seq).
CREATE INDEX IF NOT EXISTS trades_symbol_ts ON trades (symbol, ts_ns, seq);

-- One row per symbol and UTC day; open/close by event time (ts_ns, seq), never by arrival.
CREATE TABLE IF NOT EXISTS daily_ohlc (
    symbol      text          NOT NULL,
    day         timestamptz   NOT NULL,
    open        numeric(20,8) NOT NULL,
    high        numeric(20,8) NOT NULL,
    low         numeric(20,8) NOT NULL,
    close       numeric(20,8) NOT NULL,
    volume      bigint        NOT NULL,
    trade_count bigint        NOT NULL,
    open_ts_ns  bigint        NOT NULL,
    open_seq    bigint        NOT NULL,
    close_ts_ns bigint        NOT NULL,
    close_seq   bigint        NOT NULL,
    PRIMARY KEY (symbol, day)
);
