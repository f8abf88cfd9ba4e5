// Installs the packed package (a local `npm pack` tarball) as an n8n community package, where n8n
// itself would put it. Unpacking uses the `tar` library (devDependency).
//
// How n8n finds community packages (read in the installed n8n 2.41.1 and 1.123.81):
//  * The folder is InstanceSettings.nodesDownloadDir = <n8nFolder>/nodes, where n8nFolder is
//    <N8N_USER_FOLDER>/.n8n (default ~/.n8n). So with N8N_USER_FOLDER=X: X/.n8n/nodes.
//  * 2.41.1: dist/modules/community-packages/community-packages.module.js `nodeLoaders()` returns
//    n8n-core's scanDirectoryForPackages(<nodesDownloadDir>/node_modules), which globs
//    'n8n-nodes-*' and '@*/n8n-nodes-*' (deep 1 / 2) and makes a LazyPackageDirectoryLoader for
//    each (skipping packages whose package.json n8n.n8nNodesApiVersion is unsupported);
//    load-nodes-and-credentials.js init() runs `loader.loadAll()` for every module loader.
//    1.123.81: same glob via the module's `loadDir()` + loadNodesFromNodeModules(dir).
//  * No `installed_packages` / `installed_nodes` DB row is needed to load and execute the nodes.
//    The DB rows only feed Settings > Community nodes (list/update/uninstall) and
//    CommunityPackagesService.checkForMissingPackages() (rows whose nodes did not load ->
//    reinstall from the registry if N8N_REINSTALL_MISSING_PACKAGES=true, else a UI warning).
//  * The lazy loader reads dist/known/*.json + dist/types/*.json and, when they are missing,
//    falls back to PackageDirectoryLoader (requires each file listed in package.json "n8n").
//  * Node types are registered as `<package.json name>.<node description name>`.
//  * n8n's own installer (CommunityPackagesService.downloadPackage) does: `npm pack name@ver`
//    in nodes/, `tar -xzf <tgz> -C nodes/node_modules/<name> --strip-components=1`, deletes
//    devDependencies/peerDependencies/optionalDependencies from the extracted package.json,
//    then in that package dir `npm install --audit=false --fund=false --bin-links=false
//    --install-strategy=shallow --ignore-scripts=true --package-lock=false`, then records
//    `dependencies[name] = version` in nodes/package.json ({ name: 'installed-nodes', private:
//    true, dependencies }) and finally saves the DB rows. installCommunityPackage() below does
//    the same minus `npm pack` (it starts from a local tarball) and minus the DB rows; npm is
//    skipped when the package has no runtime dependencies. n8n-workflow (a peer dependency)
//    is resolved from n8n's own tree: n8n puts its module paths on NODE_PATH at startup.

import fsp from 'node:fs/promises';
import path from 'node:path';
import * as tar from 'tar';
import { defaultLog, npmCmd, run, writeJson } from './common.mjs';

/**
 * Installs a packed npm tarball (`npm pack` output) as an n8n community package for userFolder,
 * i.e. into <userFolder>/.n8n/nodes/node_modules/<name>, exactly like n8n's own installer.
 * Replaces an earlier copy. Returns { name, version, dir, nodesDir }.
 */
export async function installCommunityPackage(inst, userFolder, tarballPath, { log = defaultLog } = {}) {
	const nodesDir = path.join(path.resolve(userFolder), '.n8n', 'nodes');
	await fsp.mkdir(path.join(nodesDir, 'node_modules'), { recursive: true });
	// unpack beside the final place first: the package's name (its folder) is inside the tarball
	const staging = await fsp.mkdtemp(path.join(nodesDir, '.unpack-'));
	try {
		await fsp.chmod(staging, 0o755); // it becomes the package folder; mkdtemp made it private
		// like n8n's `tar -xzf … --strip-components=1`; tar refuses paths that leave the folder,
		// and npm pack makes only files and folders
		await tar.x({ file: path.resolve(tarballPath), cwd: staging, strip: 1, filter: (_p, entry) => ['File', 'Directory'].includes(entry.type) });
		const pkgJsonPath = path.join(staging, 'package.json');
		let raw;
		try {
			raw = await fsp.readFile(pkgJsonPath, 'utf8');
		} catch {
			throw new Error(`${tarballPath}: no package/package.json inside`);
		}
		const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(raw);
		if (!pkg.name || !pkg.version) throw new Error(`${tarballPath}: package.json lacks name/version`);
		if (!/^(@[^/]+\/)?n8n-nodes-/.test(pkg.name)) {
			log(`warning: n8n only scans for packages named n8n-nodes-* or @scope/n8n-nodes-*; "${pkg.name}" will not load`);
		}
		await fsp.writeFile(pkgJsonPath, JSON.stringify(pkg, null, 2));

		const pkgDir = path.join(nodesDir, 'node_modules', ...pkg.name.split('/'));
		await fsp.rm(pkgDir, { recursive: true, force: true });
		await fsp.mkdir(path.dirname(pkgDir), { recursive: true });
		await fsp.rename(staging, pkgDir);

		if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
			await run(
				npmCmd(),
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
				],
				{ cwd: pkgDir, env: { ...process.env, PATH: [path.dirname(inst.nodeBin), process.env.PATH].join(path.delimiter) }, log, quiet: true },
			);
		}

		const nodesPkgPath = path.join(nodesDir, 'package.json');
		let nodesPkg = { name: 'installed-nodes', private: true, dependencies: {} };
		try {
			nodesPkg = JSON.parse(await fsp.readFile(nodesPkgPath, 'utf8'));
		} catch {}
		nodesPkg.dependencies = { ...(nodesPkg.dependencies || {}), [pkg.name]: pkg.version };
		await writeJson(nodesPkgPath, nodesPkg);
		return { name: pkg.name, version: pkg.version, dir: pkgDir, nodesDir };
	} finally {
		await fsp.rm(staging, { recursive: true, force: true });
	}
}
