#!/usr/bin/env python3
"""SIGKILL one of two consumers in a group; does the survivor get the dead member's partitions?

Run:  python3 -m venv /tmp/ckvenv && /tmp/ckvenv/bin/pip install 'confluent-kafka>=2.12,<3'
      tansu broker --listener-url tcp://127.0.0.1:19199 \
        --advertised-listener-url tcp://127.0.0.1:19199 --storage-engine memory://tansu/ &
      /tmp/ckvenv/bin/python scripts/broker-repro/group_sigkill.py [HOST:PORT] [KILL=first|second] [WATCH_S] [rejoin]

Creates a 3-partition topic, starts two member processes (classic protocol, range assignor,
session.timeout.ms=6000, heartbeat.interval.ms=1000), waits until the three partitions are
split between them, SIGKILLs one (the one that joined first by default), keeps producing one
record per partition per second, and watches the survivor for WATCH_S seconds (default 45).
Apache Kafka hands all three partitions to the survivor about session.timeout.ms after the kill.
With SIG=TERM in the environment the member is stopped with SIGTERM instead and closes its
consumer (LeaveGroup) before exiting, for comparison. With a 4th argument `rejoin`, a new member C then joins and the script shows the resulting split.
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid

SESSION_MS = 6000


def member(bootstrap, topic, group, name):
    from confluent_kafka import Consumer

    def emit(event, parts):
        print(json.dumps({"t": time.time(), "name": name, "event": event,
                          "partitions": sorted(p.partition for p in parts)}), flush=True)

    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group,
                  "session.timeout.ms": SESSION_MS, "heartbeat.interval.ms": 1000,
                  "partition.assignment.strategy": "range", "auto.offset.reset": "latest"})
    def term(*_):
        c.close()  # sends LeaveGroup
        os._exit(0)
    signal.signal(signal.SIGTERM, term)
    c.subscribe([topic], on_assign=lambda c, p: emit("assign", p),
                on_revoke=lambda c, p: emit("revoke", p))
    seen = set()
    while True:
        m = c.poll(0.2)
        if m is not None and not m.error() and m.partition() not in seen:
            seen.add(m.partition())
            print(json.dumps({"t": time.time(), "name": name, "event": "first-record-from",
                              "partitions": [m.partition()]}), flush=True)


def main():
    bootstrap = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:19199"
    kill = sys.argv[2] if len(sys.argv) > 2 else "first"
    watch = float(sys.argv[3]) if len(sys.argv) > 3 else 45
    from confluent_kafka import Producer
    from confluent_kafka.admin import AdminClient, NewTopic

    topic = "sigkill-" + uuid.uuid4().hex[:8]
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(topic, 3, 1)])[topic].result()
    group = topic + "-g"
    assigned = {}
    lock = threading.Lock()
    t0 = time.time()

    def spawn(name):
        p = subprocess.Popen([sys.executable, __file__, "--member", bootstrap, topic, group, name],
                             stdout=subprocess.PIPE, text=True)

        def reader():
            for line in p.stdout:
                ev = json.loads(line)
                print(f"{ev['t'] - t0:6.1f}s {ev['name']} {ev['event']} {ev['partitions']}", flush=True)
                with lock:
                    if ev["event"] == "assign":
                        assigned[name] = ev["partitions"]
                    elif ev["event"] == "revoke":
                        assigned[name] = []
        threading.Thread(target=reader, daemon=True).start()
        return p

    procs = {"A": spawn("A")}
    time.sleep(3)
    procs["B"] = spawn("B")
    deadline = time.time() + 60
    while time.time() < deadline:
        with lock:
            if len(assigned) == 2 and all(assigned.values()) and \
                    sorted(assigned["A"] + assigned["B"]) == [0, 1, 2]:
                break
        time.sleep(0.2)
    else:
        print("the group never split the partitions between A and B:", assigned)
    victim, survivor = ("A", "B") if kill == "first" else ("B", "A")
    time.sleep(2)
    killed_at = time.time()
    sig = signal.SIGTERM if os.environ.get("SIG") == "TERM" else signal.SIGKILL
    os.kill(procs[victim].pid, sig)
    print(f"{killed_at - t0:6.1f}s {sig.name} {victim}; survivor {survivor} holds {assigned.get(survivor)}", flush=True)
    producer = Producer({"bootstrap.servers": bootstrap})
    got_all = None
    while time.time() < killed_at + watch:
        for part in range(3):
            producer.produce(topic, value=b"x", partition=part)
        producer.flush()
        with lock:
            if got_all is None and assigned.get(survivor) == [0, 1, 2]:
                got_all = time.time() - killed_at
        time.sleep(1)
    with lock:
        final = assigned.get(survivor)
    if got_all is not None:
        print(f"RESULT: survivor {survivor} was assigned [0, 1, 2] {got_all:.1f}s after the kill "
              f"(session.timeout.ms={SESSION_MS})")
    else:
        print(f"RESULT: after {watch:.0f}s the survivor {survivor} holds {final}; "
              f"the dead member's partitions were not reassigned")
    if len(sys.argv) > 4 and sys.argv[4] == "rejoin":
        print(f"{time.time() - t0:6.1f}s starting a new member C", flush=True)
        procs["C"] = spawn("C")
        end = time.time() + 20
        while time.time() < end:
            for part in range(3):
                producer.produce(topic, value=b"x", partition=part)
            producer.flush()
            time.sleep(1)
        with lock:
            print(f"RESULT after C joined: {survivor} holds {assigned.get(survivor)}, C holds {assigned.get('C')}")
        procs["C"].kill()
        procs["C"].wait()
    procs[survivor].kill()
    procs[survivor].wait()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--member":
        member(*sys.argv[2:6])
    else:
        main()
