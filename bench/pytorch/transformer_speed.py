"""Training speed of makemore.py's transformer in PyTorch, for comparison with Makemore's managed trainer.

The model is makemore.py's default (4 layers, 4 heads, embedding 64, context = longest name + 1, GELU in its tanh
form, pre-LayerNorm blocks, a head without bias), trained as makemore.py trains it: names padded to the context with
0 and targets -1 beyond each name's end (ignored by the loss), AdamW with betas (0.9, 0.99) and weight decay 0.01,
batches drawn at random. Only the speed is measured: steps per second over a run of steps after a warm-up.

Usage (Debian's python3-torch, two threads as the C# trainer uses):
    python3 bench/pytorch/transformer_speed.py --data ../shared/data/names.txt --batch 64 --steps 300
"""
import argparse
import math
import os
import time

import torch
import torch.nn as nn
from torch.nn import functional as F


class NewGELU(nn.Module):
    def forward(self, x):
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class CausalSelfAttention(nn.Module):
    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)
        self.c_proj = nn.Linear(n_embd, n_embd)
        self.n_head = n_head
        self.register_buffer("bias", torch.tril(torch.ones(block_size, block_size)).view(1, 1, block_size, block_size))

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(C, dim=2)
        hs = C // self.n_head
        q = q.view(B, T, self.n_head, hs).transpose(1, 2)
        k = k.view(B, T, self.n_head, hs).transpose(1, 2)
        v = v.view(B, T, self.n_head, hs).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
        att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        return self.c_proj(y)


class Block(nn.Module):
    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.ln_1 = nn.LayerNorm(n_embd)
        self.attn = CausalSelfAttention(n_embd, n_head, block_size)
        self.ln_2 = nn.LayerNorm(n_embd)
        self.c_fc = nn.Linear(n_embd, 4 * n_embd)
        self.c_proj = nn.Linear(4 * n_embd, n_embd)
        self.act = NewGELU()

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.c_proj(self.act(self.c_fc(self.ln_2(x))))


class Transformer(nn.Module):
    def __init__(self, vocab_size, block_size, n_layer, n_head, n_embd):
        super().__init__()
        self.wte = nn.Embedding(vocab_size, n_embd)
        self.wpe = nn.Embedding(block_size, n_embd)
        self.h = nn.ModuleList([Block(n_embd, n_head, block_size) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(n_embd)
        self.lm_head = nn.Linear(n_embd, vocab_size, bias=False)

    def forward(self, idx, targets):
        T = idx.size(1)
        pos = torch.arange(0, T, dtype=torch.long).unsqueeze(0)
        x = self.wte(idx) + self.wpe(pos)
        for block in self.h:
            x = block(x)
        logits = self.lm_head(self.ln_f(x))
        return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--embedding", type=int, default=64)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(3407)
    words = [w.strip() for w in open(args.data, encoding="utf-8").read().splitlines() if w.strip()]
    chars = sorted(set("".join(words)))
    stoi = {ch: i + 1 for i, ch in enumerate(chars)}
    block_size = max(len(w) for w in words) + 1
    n = len(words)
    X = torch.zeros(n, block_size, dtype=torch.long)
    Y = torch.full((n, block_size), -1, dtype=torch.long)
    for i, w in enumerate(words):
        ix = [stoi[c] for c in w]
        X[i, 1:1 + len(ix)] = torch.tensor(ix, dtype=torch.long)
        Y[i, :len(ix)] = torch.tensor(ix, dtype=torch.long)
        Y[i, len(ix)] = 0
    model = Transformer(len(chars) + 1, block_size, args.layers, args.heads, args.embedding)
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.01, betas=(0.9, 0.99), eps=1e-8)
    parameters = sum(p.numel() for p in model.parameters())

    def step():
        ix = torch.randint(n, (args.batch,))
        loss = model(X[ix], Y[ix])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        return int((Y[ix] >= 0).sum())

    for _ in range(args.warmup):
        step()
    tokens = 0
    start_cpu = time.process_time()
    start = time.perf_counter()
    for _ in range(args.steps):
        tokens += step()
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - start_cpu
    load = os.getloadavg()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {parameters} parameters, block size {block_size}, batch {args.batch}")
    print(f"{args.steps} steps in {elapsed:.2f} s: {args.steps / elapsed:.2f} steps/s, {args.steps * args.batch / elapsed:.0f} names/s, "
          f"{tokens / elapsed:.0f} counted tokens/s, {args.steps * args.batch * block_size / elapsed:.0f} padded positions/s; "
          f"cpu {cpu:.2f} s ({cpu / elapsed:.2f} cores); load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC")


if __name__ == "__main__":
    main()
