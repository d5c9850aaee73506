"""PyTorch (CPU) peer for bench/train-throughput: trains the networks given as JSON (written by
bench/train-throughput/main.ts from networks.ts) and measures training samples/s and batch-1
inference latency. Prints one JSON object per network on stdout.

Usage: /usr/bin/python3 train_throughput.py NETWORKS.json --threads T --batch 64 --seconds 4 [--serve]
With --serve it measures on request: each line read from stdin names a network (optionally
followed by "train" to skip the inference timing); one JSON line answers it. The benchmark uses
this to interleave its measurements with ours, so both see the same machine load.
"""
import argparse
import json
import statistics
import sys
import time

import torch
from torch import nn


class InvertedResidual(nn.Module):
    def __init__(self, cin, block):
        super().__init__()
        e, k, s, cout = block["expand"], block["kernel"], block["stride"], block["filters"]
        mid = cin * e
        layers = []
        if e != 1:
            layers += [nn.Conv2d(cin, mid, 1, bias=False), nn.BatchNorm2d(mid), nn.ReLU6()]
        layers += [nn.Conv2d(mid, mid, k, s, k // 2, groups=mid, bias=False), nn.BatchNorm2d(mid), nn.ReLU6(),
                   nn.Conv2d(mid, cout, 1, bias=False), nn.BatchNorm2d(cout)]
        self.body = nn.Sequential(*layers)
        self.residual = s == 1 and cin == cout

    def forward(self, x):
        y = self.body(x)
        return x + y if self.residual else y


def build(spec):
    h, w, c = spec["input"]
    stem = spec["stem"]
    layers = [nn.Conv2d(c, stem["filters"], stem["kernel"], stem["stride"], stem["kernel"] // 2, bias=False),
              nn.BatchNorm2d(stem["filters"]), nn.ReLU6()]
    width = stem["filters"]
    for b in spec["blocks"]:
        layers.append(InvertedResidual(width, b))
        width = b["filters"]
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(width, spec["classes"])]
    return nn.Sequential(*layers)


_models = {}


def measure(spec, batch, seconds, infer=True):
    if spec["name"] not in _models:
        torch.manual_seed(0)
        _models[spec["name"]] = build(spec)
    model = _models[spec["name"]]
    h, w, c = spec["input"]
    x = torch.rand(batch, c, h, w)
    y = torch.randint(0, spec["classes"], (batch,))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    model.train()
    for _ in range(3):
        step()
    steps, start = 0, time.perf_counter()
    while steps < 3 or time.perf_counter() - start < seconds:
        step()
        steps += 1
    train_sps = steps * batch / (time.perf_counter() - start)
    if not infer:
        return {"name": spec["name"], "trainSamplesPerSec": train_sps, "steps": steps}

    model.eval()
    x1 = torch.rand(1, c, h, w)
    times = []
    with torch.no_grad():
        for _ in range(20):
            model(x1)
        for _ in range(200):
            t = time.perf_counter()
            model(x1)
            times.append((time.perf_counter() - t) * 1000)
    q = statistics.quantiles(times, n=4)
    return {"name": spec["name"], "trainSamplesPerSec": train_sps, "steps": steps,
            "inferMedianMs": statistics.median(times), "inferIqrMs": q[2] - q[0]}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("networks")
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--seconds", type=float, default=4.0)
    p.add_argument("--serve", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    try:
        torch.set_num_interop_threads(a.threads)
    except RuntimeError:
        pass  # already set in this process
    with open(a.networks) as f:
        specs = json.load(f)
    print(json.dumps({"torchVersion": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    if not a.serve:
        for spec in specs:
            print(json.dumps(measure(spec, a.batch, a.seconds)), flush=True)
        return 0
    by_name = {s["name"]: s for s in specs}
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] not in by_name:
            print(json.dumps({"error": f"unknown network {words[0]!r}"}), flush=True)
            continue
        print(json.dumps(measure(by_name[words[0]], a.batch, a.seconds, infer="train" not in words[1:])), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
