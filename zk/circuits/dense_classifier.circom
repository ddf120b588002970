pragma circom 2.1.0;

// GPUHive zk catalogue circuit "dense_classifier": a quantized dense layer (one linear layer + argmax)
// over a batch of small images, proven with Groth16.
//
// Shapes (the main component at the bottom): N_IN = 64 inputs (an 8x8 image: a 28x28 digit
// downsampled), N_OUT = 10 classes, BATCH = 4 images per proof (one task).
// Fixed point: pixels are 4-bit unsigned (0..15, scale 1/15), weights int8 (-128..127, one scale
// for the layer), biases int16 (-32768..32767, in units of weight-scale x pixel-scale), so the logit
//     logit[j] = bias[j] + sum_i weight[j][i] * pixel[i]
// is exact in the field and |logit| < 64*128*15 + 32768 < 2^18. Every private value is range
// checked (Num2Bits): this is what makes the packed commitments below binding.
//
// Public signals (snarkjs order: outputs, then public inputs):
//   [0] weights_hash  PoseidonChain(22 words: 640 weight bytes, 31 a word, then one word of 10 biases)
//   [1] input_hash    PoseidonChain(8 words: 4 images x 64 pixels, 32 nibbles a word)
//   [2] output_hash   PoseidonChain(5 words: 40 logits + 2^18 in 20-bit slots, 12 a word; then the
//                     4 labels in 4-bit slots)
//   [3] job_id, [4] task_index: bound into the proof, so it cannot be replayed for another task.
// The weights are a commitment, not constants: one verification key serves any weights of this shape.
// PoseidonChain is protocol/zk/poseidon.py's `chain_hash`: state = len(words); for each 15-word chunk
// (zero padded) state = Poseidon16(state, chunk).

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";

// Hash n field elements: state = n, then one Poseidon(16) call per chunk of 15 (zero padded).
template PoseidonChain(n) {
    signal input words[n];
    signal output out;
    var chunks = (n + 14) \ 15;
    component h[chunks];
    for (var c = 0; c < chunks; c++) {
        h[c] = Poseidon(16);
        if (c == 0) {
            h[c].inputs[0] <== n;
        } else {
            h[c].inputs[0] <== h[c - 1].out;
        }
        for (var k = 0; k < 15; k++) {
            var idx = c * 15 + k;
            if (idx < n) {
                h[c].inputs[k + 1] <== words[idx];
            } else {
                h[c].inputs[k + 1] <== 0;
            }
        }
    }
    out <== h[chunks - 1].out;
}

// Pack n values already known to be in [0, 2^bits) into ceil(n / per) words, little-endian slots.
template Pack(n, bits, per) {
    signal input values[n];
    var nwords = (n + per - 1) \ per;
    signal output words[nwords];
    for (var w = 0; w < nwords; w++) {
        var acc = 0;
        var scale = 1;
        for (var k = 0; k < per; k++) {
            var idx = w * per + k;
            if (idx < n) {
                acc += values[idx] * scale;
                scale *= 1 << bits;
            }
        }
        words[w] <== acc;
    }
}

template DenseClassifier(N_IN, N_OUT, BATCH) {
    // private inputs (signed values as field elements: -x is p - x)
    signal input weight[N_OUT][N_IN];
    signal input bias[N_OUT];
    signal input pixel[BATCH][N_IN];
    // public inputs
    signal input job_id;
    signal input task_index;

    signal output weights_hash;
    signal output input_hash;
    signal output output_hash;

    var W_BITS = 8;
    var B_BITS = 16;
    var P_BITS = 4;
    var L_OFFSET = 1 << 18;
    var L_BITS = 20;

    // ---- weights and biases: range checks, then the commitment ----
    var NW = N_OUT * N_IN;
    component wbits[NW];
    signal wu[NW];
    for (var j = 0; j < N_OUT; j++) {
        for (var i = 0; i < N_IN; i++) {
            var k = j * N_IN + i;
            wu[k] <== weight[j][i] + (1 << (W_BITS - 1));
            wbits[k] = Num2Bits(W_BITS);
            wbits[k].in <== wu[k];
        }
    }
    component bbits[N_OUT];
    signal bu[N_OUT];
    for (var j = 0; j < N_OUT; j++) {
        bu[j] <== bias[j] + (1 << (B_BITS - 1));
        bbits[j] = Num2Bits(B_BITS);
        bbits[j].in <== bu[j];
    }
    component wpack = Pack(NW, W_BITS, 31);
    for (var k = 0; k < NW; k++) { wpack.values[k] <== wu[k]; }
    component bpack = Pack(N_OUT, B_BITS, 15);
    for (var j = 0; j < N_OUT; j++) { bpack.values[j] <== bu[j]; }
    var NWW = (NW + 30) \ 31;
    var NBW = (N_OUT + 14) \ 15;
    component whash = PoseidonChain(NWW + NBW);
    for (var w = 0; w < NWW; w++) { whash.words[w] <== wpack.words[w]; }
    for (var w = 0; w < NBW; w++) { whash.words[NWW + w] <== bpack.words[w]; }
    weights_hash <== whash.out;

    // ---- pixels: range checks, then the commitment ----
    var NP = BATCH * N_IN;
    component pbits[NP];
    component ppack = Pack(NP, P_BITS, 32);
    for (var s = 0; s < BATCH; s++) {
        for (var i = 0; i < N_IN; i++) {
            pbits[s * N_IN + i] = Num2Bits(P_BITS);
            pbits[s * N_IN + i].in <== pixel[s][i];
            ppack.values[s * N_IN + i] <== pixel[s][i];
        }
    }
    var NPW = (NP + 31) \ 32;
    component ihash = PoseidonChain(NPW);
    for (var w = 0; w < NPW; w++) { ihash.words[w] <== ppack.words[w]; }
    input_hash <== ihash.out;

    // ---- the dense layer and argmax (ties: the lowest index) ----
    signal prod[BATCH][N_OUT][N_IN];
    signal logit[BATCH][N_OUT];       // logit + L_OFFSET, in [0, 2^19)
    signal best[BATCH][N_OUT];
    signal bestIdx[BATCH][N_OUT];
    signal label[BATCH];
    component gt[BATCH][N_OUT];
    component opack = Pack(BATCH * N_OUT, L_BITS, 12);
    component lpack = Pack(BATCH, 4, 60);
    for (var s = 0; s < BATCH; s++) {
        for (var j = 0; j < N_OUT; j++) {
            var acc = bias[j] + L_OFFSET;
            for (var i = 0; i < N_IN; i++) {
                prod[s][j][i] <== weight[j][i] * pixel[s][i];
                acc += prod[s][j][i];
            }
            logit[s][j] <== acc;
            opack.values[s * N_OUT + j] <== logit[s][j];
        }
        best[s][0] <== logit[s][0];
        bestIdx[s][0] <== 0;
        for (var j = 1; j < N_OUT; j++) {
            gt[s][j] = GreaterThan(L_BITS);
            gt[s][j].in[0] <== logit[s][j];
            gt[s][j].in[1] <== best[s][j - 1];
            best[s][j] <== best[s][j - 1] + gt[s][j].out * (logit[s][j] - best[s][j - 1]);
            bestIdx[s][j] <== bestIdx[s][j - 1] + gt[s][j].out * (j - bestIdx[s][j - 1]);
        }
        label[s] <== bestIdx[s][N_OUT - 1];
        lpack.values[s] <== label[s];
    }
    var NOW = (BATCH * N_OUT + 11) \ 12;
    component ohash = PoseidonChain(NOW + 1);
    for (var w = 0; w < NOW; w++) { ohash.words[w] <== opack.words[w]; }
    ohash.words[NOW] <== lpack.words[0];
    output_hash <== ohash.out;

    // ---- bind the job and the task: used in a constraint, so the proof fixes them ----
    signal jobSquare;
    signal taskSquare;
    jobSquare <== job_id * job_id;
    taskSquare <== task_index * task_index;
}

component main {public [job_id, task_index]} = DenseClassifier(64, 10, 4);
