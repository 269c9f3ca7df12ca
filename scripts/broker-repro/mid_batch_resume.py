#!/usr/bin/env python3
"""Resuming a consumer group from a committed offset inside a multi-record batch (tansu 0.6.0).

Run:  python3 -m venv /tmp/ckvenv && /tmp/ckvenv/bin/pip install 'confluent-kafka>=2.12,<3'
      tansu broker --listener-url tcp://127.0.0.1:19199 \
        --advertised-listener-url tcp://127.0.0.1:19199 --storage-engine memory://tansu/ &
      /tmp/ckvenv/bin/python scripts/broker-repro/mid_batch_resume.py [HOST:PORT] [COMMIT_AT]

Produces 100 records (value = expected offset) in 10 batches of 10 to a new 1-partition topic,
consumes COMMIT_AT (default 35) records in a group and commits offset COMMIT_AT, then starts a
new consumer in the same group. Against Apache Kafka the second consumer gets offsets
COMMIT_AT..99. Against tansu 0.6.0 (memory engine) it starts at the next batch boundary
(COMMIT_AT=35 -> 40..99, 5 records skipped); with a committed offset inside the last batch
(COMMIT_AT=95) it gets nothing until a new batch is produced, then skips to that batch.
"""
import sys
import time
import uuid

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

bootstrap = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:19199"
commit_at = int(sys.argv[2]) if len(sys.argv) > 2 else 35
topic = "midbatch-" + uuid.uuid4().hex[:8]
group = topic + "-g"

admin = AdminClient({"bootstrap.servers": bootstrap})
admin.create_topics([NewTopic(topic, 1, 1)])[topic].result()

producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 50, "batch.num.messages": 10})
for i in range(100):
    producer.produce(topic, value=str(i).encode(), partition=0)
    if i % 10 == 9:
        producer.flush()  # one 10-record batch per flush


def consume(limit, seconds=8, commit=None):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group,
                  "auto.offset.reset": "earliest", "enable.auto.commit": False})
    c.subscribe([topic])
    got, deadline = [], time.time() + seconds
    while len(got) < limit and time.time() < deadline:
        m = c.poll(0.5)
        if m is not None and not m.error():
            got.append((m.offset(), int(m.value())))
    if commit is not None:
        c.commit(offsets=[TopicPartition(topic, 0, commit)], asynchronous=False)
    c.close()
    return got


first = consume(commit_at, commit=commit_at)
print(f"first consumer : {len(first)} records, offsets {first[0][0]}..{first[-1][0]}, "
      f"offset==value for all: {all(o == v for o, v in first)}; committed {commit_at}")
second = consume(100 - commit_at)
if second:
    print(f"second consumer: {len(second)} records, offsets {second[0][0]}..{second[-1][0]} "
          f"(expected {100 - commit_at} records, {commit_at}..99)")
else:
    print(f"second consumer: 0 records in 8 s (expected {100 - commit_at}, {commit_at}..99)")
    producer.produce(topic, value=b"100", partition=0)
    producer.flush()
    third = consume(100)
    print(f"after producing offset 100, a third consumer gets: {third}")
