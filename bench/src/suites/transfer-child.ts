// Child process of the result-transfer benchmark: prints one JSON line.
import { connect } from "@ibex/engine-native";
import { transferSuite } from "./transfer.js";

const [rows, columns, reps] = process.argv.slice(2).map(Number) as [number, number, number];
const con = await connect();
console.log(JSON.stringify(await transferSuite(con, { rows, columns, reps })));
