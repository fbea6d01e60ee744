// Reads a data package (a datapackage.json or a zip) with datapackage-js, the Frictionless
// client for JavaScript, and prints what it gives as JSON: per table the row count and, per
// field, the JavaScript types of its values and the values (dates as YYYY-MM-DD, read in
// the local time zone, as tableschema-js makes them).
//
//   node read_datapackage_js.js PATH   (from tests/test_compatibility.py)
'use strict';

const { Package } = require('datapackage');

function kind(value) {
  if (value instanceof Date) return 'Date';
  return typeof value;
}

function plain(value) {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    const pad = (n) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  return value;
}

async function main(path) {
  const dataPackage = await Package.load(path);
  if (!dataPackage.valid) {
    throw new Error(`invalid descriptor: ${dataPackage.errors.map(String).join('; ')}`);
  }
  const tables = {};
  for (const resource of dataPackage.resources) {
    // relations: every foreign key resolves (it replaces keys by rows, so read again after).
    await resource.read({ relations: true });
    const rows = await resource.read({ keyed: true });
    const columns = {};
    for (const field of resource.schema.fields) {
      const values = rows.map((row) => row[field.name]);
      const types = [...new Set(values.filter((v) => v !== null && v !== undefined).map(kind))];
      columns[field.name] = { types: types.sort(), values: values.map(plain) };
    }
    tables[resource.name] = { rows: rows.length, columns };
  }
  process.stdout.write(JSON.stringify({ tables }));
}

main(process.argv[2]).catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
