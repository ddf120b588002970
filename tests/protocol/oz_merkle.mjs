// Builds OpenZeppelin StandardMerkleTrees for tests/protocol/test_merkle.py,
// which checks that protocol/merkle.py gives the same roots and proofs.
//
//   echo '{"types": ["uint256", "address", "uint256"], "values": [["1", "0x…", "5"]]}' \
//     | node tests/protocol/oz_merkle.mjs
//
// stdin: one {"types": [...], "values": [[...], ...]} or a list of them.
// Integers come as decimal strings (JSON numbers lose precision above 2**53).
// stdout: {"root": "0x…", "proofs": [[...], ...]} per tree (a list for a list),
// proofs in the order of the input values.
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

function parse(type, value) {
  return /^u?int\d*$/.test(type) ? BigInt(value) : value;
}

function build({ types, values }) {
  const typed = values.map((row) => row.map((v, i) => parse(types[i], v)));
  const tree = StandardMerkleTree.of(typed, types);
  return { root: tree.root, proofs: typed.map((_, i) => tree.getProof(i)) };
}

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) input += chunk;
const request = JSON.parse(input);
const result = Array.isArray(request) ? request.map(build) : build(request);
process.stdout.write(JSON.stringify(result) + "\n");
