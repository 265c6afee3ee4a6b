// SPDX-License-Identifier: MIT
#ifndef STET_GITAPI_H
#define STET_GITAPI_H
/*
 * libgit2, opened at first use (core/lazy.c): only a command that opens
 * an archive pays for loading it, with zlib and libcrypto (their tables
 * are in core/cryptoapi.h, which code without git uses too).
 * Force-included in every store/ translation unit: after it, a call of a
 * listed function goes through a table filled by stet_git_load. Every
 * libgit2 header store/ uses is included here first (cryptoapi.h does
 * the same for zlib's and OpenSSL's), so that the redirecting macros
 * never meet a declaration. Using a new function: add it to its
 * list and to the #define lines; one left out still links directly and
 * brings libgit2 back to every start (tests/cli/startup.sh notices).
 */
#include "cryptoapi.h"
#include "error.h"

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

/*
 * Load libgit2, zlib and libcrypto (once per process). Call it before the
 * first call of any of them (stet_store_open, stet_store_init and
 * stet_config_open do); STET_EIO when a library is missing.
 */
int stet_git_load(struct stet_error *err);

#define STET_GIT_FUNCS(X) \
	X(git_blob_create_from_buffer) \
	X(git_blob_free) \
	X(git_blob_lookup) \
	X(git_blob_rawcontent) \
	X(git_blob_rawsize) \
	X(git_buf_dispose) \
	X(git_commit_author) \
	X(git_commit_create) \
	X(git_commit_free) \
	X(git_commit_lookup) \
	X(git_commit_message) \
	X(git_commit_parent_id) \
	X(git_commit_parentcount) \
	X(git_commit_time) \
	X(git_commit_tree) \
	X(git_commit_tree_id) \
	X(git_config_delete_entry) \
	X(git_config_delete_multivar) \
	X(git_config_free) \
	X(git_config_get_bool) \
	X(git_config_get_int64) \
	X(git_config_get_string_buf) \
	X(git_config_iterator_free) \
	X(git_config_iterator_new) \
	X(git_config_multivar_iterator_new) \
	X(git_config_next) \
	X(git_config_open_ondisk) \
	X(git_config_set_bool) \
	X(git_config_set_int32) \
	X(git_config_set_multivar) \
	X(git_config_set_string) \
	X(git_credential_ssh_key_from_agent) \
	X(git_credential_ssh_key_new) \
	X(git_credential_username_new) \
	X(git_credential_userpass_plaintext_new) \
	X(git_error_clear) \
	X(git_error_last) \
	X(git_error_set) \
	X(git_error_set_oom) \
	X(git_error_set_str) \
	X(git_fetch_options_init) \
	X(git_graph_descendant_of) \
	X(git_indexer_append) \
	X(git_indexer_commit) \
	X(git_indexer_free) \
	X(git_indexer_name) \
	X(git_indexer_new) \
	X(git_libgit2_init) \
	X(git_libgit2_opts) \
	X(git_libgit2_shutdown) \
	X(git_mempack_new) \
	X(git_mempack_reset) \
	X(git_object_dup) \
	X(git_object_free) \
	X(git_object_id) \
	X(git_object_lookup) \
	X(git_object_lookup_prefix) \
	X(git_object_type) \
	X(git_object_type2string) \
	X(git_odb_add_backend) \
	X(git_odb_backend_data_alloc) \
	X(git_odb_backend_data_free) \
	X(git_odb_backend_one_pack) \
	X(git_odb_exists) \
	X(git_odb_free) \
	X(git_odb_hash) \
	X(git_odb_init_backend) \
	X(git_odb_new) \
	X(git_odb_open) \
	X(git_odb_read_header) \
	X(git_odb_refresh) \
	X(git_oid_cmp) \
	X(git_oid_cpy) \
	X(git_oid_equal) \
	X(git_oid_fromraw) \
	X(git_oid_fromstr) \
	X(git_oid_fromstrn) \
	X(git_oid_tostr) \
	X(git_packbuilder_free) \
	X(git_packbuilder_insert) \
	X(git_packbuilder_name) \
	X(git_packbuilder_new) \
	X(git_packbuilder_object_count) \
	X(git_packbuilder_set_threads) \
	X(git_packbuilder_write) \
	X(git_push_options_init) \
	X(git_reference_create) \
	X(git_reference_create_matching) \
	X(git_reference_delete) \
	X(git_reference_free) \
	X(git_reference_iterator_free) \
	X(git_reference_iterator_glob_new) \
	X(git_reference_lookup) \
	X(git_reference_name_to_id) \
	X(git_reference_next) \
	X(git_reference_resolve) \
	X(git_reference_target) \
	X(git_reference_type) \
	X(git_remote_create_options_init) \
	X(git_remote_create_with_opts) \
	X(git_remote_fetch) \
	X(git_remote_free) \
	X(git_remote_lookup) \
	X(git_remote_push) \
	X(git_repository_config) \
	X(git_repository_config_snapshot) \
	X(git_repository_free) \
	X(git_repository_init_ext) \
	X(git_repository_init_options_init) \
	X(git_repository_odb) \
	X(git_repository_open_ext) \
	X(git_repository_path) \
	X(git_repository_set_odb) \
	X(git_revwalk_free) \
	X(git_revwalk_new) \
	X(git_revwalk_next) \
	X(git_revwalk_push) \
	X(git_signature_free) \
	X(git_signature_new) \
	X(git_signature_now) \
	X(git_tag_target_id) \
	X(git_tree_create_updated) \
	X(git_tree_entry_byindex) \
	X(git_tree_entry_byname) \
	X(git_tree_entry_bypath) \
	X(git_tree_entry_filemode) \
	X(git_tree_entry_free) \
	X(git_tree_entry_id) \
	X(git_tree_entry_name) \
	X(git_tree_entry_type) \
	X(git_tree_entrycount) \
	X(git_tree_free) \
	X(git_tree_lookup) \
	X(git_tree_walk) \
	X(git_treebuilder_free) \
	X(git_treebuilder_new) \
	X(git_treebuilder_write) \
	X(git_repository_is_bare) \
	X(git_reference_iterator_new) \
	X(git_config_get_int32) \
	X(git_config_open_level) \
	X(git_commit_create_buffer) \
	X(git_commit_create_with_signature) \
	X(git_commit_extract_signature) \
	X(git_treebuilder_insert) \
	X(git_remote_connect) \
	X(git_remote_ls) \

struct stet_git_api_table {
#define X(f) __typeof__(f) *f;
	STET_GIT_FUNCS(X)
#undef X
};
extern struct stet_git_api_table stet_git_api;

#ifndef STET_LAZY_NO_REDIRECT
#define git_blob_create_from_buffer (*stet_git_api.git_blob_create_from_buffer)
#define git_blob_free (*stet_git_api.git_blob_free)
#define git_blob_lookup (*stet_git_api.git_blob_lookup)
#define git_blob_rawcontent (*stet_git_api.git_blob_rawcontent)
#define git_blob_rawsize (*stet_git_api.git_blob_rawsize)
#define git_buf_dispose (*stet_git_api.git_buf_dispose)
#define git_commit_author (*stet_git_api.git_commit_author)
#define git_commit_create (*stet_git_api.git_commit_create)
#define git_commit_free (*stet_git_api.git_commit_free)
#define git_commit_lookup (*stet_git_api.git_commit_lookup)
#define git_commit_message (*stet_git_api.git_commit_message)
#define git_commit_parent_id (*stet_git_api.git_commit_parent_id)
#define git_commit_parentcount (*stet_git_api.git_commit_parentcount)
#define git_commit_time (*stet_git_api.git_commit_time)
#define git_commit_tree (*stet_git_api.git_commit_tree)
#define git_commit_tree_id (*stet_git_api.git_commit_tree_id)
#define git_config_delete_entry (*stet_git_api.git_config_delete_entry)
#define git_config_delete_multivar (*stet_git_api.git_config_delete_multivar)
#define git_config_free (*stet_git_api.git_config_free)
#define git_config_get_bool (*stet_git_api.git_config_get_bool)
#define git_config_get_int64 (*stet_git_api.git_config_get_int64)
#define git_config_get_string_buf (*stet_git_api.git_config_get_string_buf)
#define git_config_iterator_free (*stet_git_api.git_config_iterator_free)
#define git_config_iterator_new (*stet_git_api.git_config_iterator_new)
#define git_config_multivar_iterator_new (*stet_git_api.git_config_multivar_iterator_new)
#define git_config_next (*stet_git_api.git_config_next)
#define git_config_open_ondisk (*stet_git_api.git_config_open_ondisk)
#define git_config_set_bool (*stet_git_api.git_config_set_bool)
#define git_config_set_int32 (*stet_git_api.git_config_set_int32)
#define git_config_set_multivar (*stet_git_api.git_config_set_multivar)
#define git_config_set_string (*stet_git_api.git_config_set_string)
#define git_credential_ssh_key_from_agent (*stet_git_api.git_credential_ssh_key_from_agent)
#define git_credential_ssh_key_new (*stet_git_api.git_credential_ssh_key_new)
#define git_credential_username_new (*stet_git_api.git_credential_username_new)
#define git_credential_userpass_plaintext_new (*stet_git_api.git_credential_userpass_plaintext_new)
#define git_error_clear (*stet_git_api.git_error_clear)
#define git_error_last (*stet_git_api.git_error_last)
#define git_error_set (*stet_git_api.git_error_set)
#define git_error_set_oom (*stet_git_api.git_error_set_oom)
#define git_error_set_str (*stet_git_api.git_error_set_str)
#define git_fetch_options_init (*stet_git_api.git_fetch_options_init)
#define git_graph_descendant_of (*stet_git_api.git_graph_descendant_of)
#define git_indexer_append (*stet_git_api.git_indexer_append)
#define git_indexer_commit (*stet_git_api.git_indexer_commit)
#define git_indexer_free (*stet_git_api.git_indexer_free)
#define git_indexer_name (*stet_git_api.git_indexer_name)
#define git_indexer_new (*stet_git_api.git_indexer_new)
#define git_libgit2_init (*stet_git_api.git_libgit2_init)
#define git_libgit2_opts (*stet_git_api.git_libgit2_opts)
#define git_libgit2_shutdown (*stet_git_api.git_libgit2_shutdown)
#define git_mempack_new (*stet_git_api.git_mempack_new)
#define git_mempack_reset (*stet_git_api.git_mempack_reset)
#define git_object_dup (*stet_git_api.git_object_dup)
#define git_object_free (*stet_git_api.git_object_free)
#define git_object_id (*stet_git_api.git_object_id)
#define git_object_lookup (*stet_git_api.git_object_lookup)
#define git_object_lookup_prefix (*stet_git_api.git_object_lookup_prefix)
#define git_object_type (*stet_git_api.git_object_type)
#define git_object_type2string (*stet_git_api.git_object_type2string)
#define git_odb_add_backend (*stet_git_api.git_odb_add_backend)
#define git_odb_backend_data_alloc (*stet_git_api.git_odb_backend_data_alloc)
#define git_odb_backend_data_free (*stet_git_api.git_odb_backend_data_free)
#define git_odb_backend_one_pack (*stet_git_api.git_odb_backend_one_pack)
#define git_odb_exists (*stet_git_api.git_odb_exists)
#define git_odb_free (*stet_git_api.git_odb_free)
#define git_odb_hash (*stet_git_api.git_odb_hash)
#define git_odb_init_backend (*stet_git_api.git_odb_init_backend)
#define git_odb_new (*stet_git_api.git_odb_new)
#define git_odb_open (*stet_git_api.git_odb_open)
#define git_odb_read_header (*stet_git_api.git_odb_read_header)
#define git_odb_refresh (*stet_git_api.git_odb_refresh)
#define git_oid_cmp (*stet_git_api.git_oid_cmp)
#define git_oid_cpy (*stet_git_api.git_oid_cpy)
#define git_oid_equal (*stet_git_api.git_oid_equal)
#define git_oid_fromraw (*stet_git_api.git_oid_fromraw)
#define git_oid_fromstr (*stet_git_api.git_oid_fromstr)
#define git_oid_fromstrn (*stet_git_api.git_oid_fromstrn)
#define git_oid_tostr (*stet_git_api.git_oid_tostr)
#define git_packbuilder_free (*stet_git_api.git_packbuilder_free)
#define git_packbuilder_insert (*stet_git_api.git_packbuilder_insert)
#define git_packbuilder_name (*stet_git_api.git_packbuilder_name)
#define git_packbuilder_new (*stet_git_api.git_packbuilder_new)
#define git_packbuilder_object_count (*stet_git_api.git_packbuilder_object_count)
#define git_packbuilder_set_threads (*stet_git_api.git_packbuilder_set_threads)
#define git_packbuilder_write (*stet_git_api.git_packbuilder_write)
#define git_push_options_init (*stet_git_api.git_push_options_init)
#define git_reference_create (*stet_git_api.git_reference_create)
#define git_reference_create_matching (*stet_git_api.git_reference_create_matching)
#define git_reference_delete (*stet_git_api.git_reference_delete)
#define git_reference_free (*stet_git_api.git_reference_free)
#define git_reference_iterator_free (*stet_git_api.git_reference_iterator_free)
#define git_reference_iterator_glob_new (*stet_git_api.git_reference_iterator_glob_new)
#define git_reference_lookup (*stet_git_api.git_reference_lookup)
#define git_reference_name_to_id (*stet_git_api.git_reference_name_to_id)
#define git_reference_next (*stet_git_api.git_reference_next)
#define git_reference_resolve (*stet_git_api.git_reference_resolve)
#define git_reference_target (*stet_git_api.git_reference_target)
#define git_reference_type (*stet_git_api.git_reference_type)
#define git_remote_create_options_init (*stet_git_api.git_remote_create_options_init)
#define git_remote_create_with_opts (*stet_git_api.git_remote_create_with_opts)
#define git_remote_fetch (*stet_git_api.git_remote_fetch)
#define git_remote_free (*stet_git_api.git_remote_free)
#define git_remote_lookup (*stet_git_api.git_remote_lookup)
#define git_remote_push (*stet_git_api.git_remote_push)
#define git_repository_config (*stet_git_api.git_repository_config)
#define git_repository_config_snapshot (*stet_git_api.git_repository_config_snapshot)
#define git_repository_free (*stet_git_api.git_repository_free)
#define git_repository_init_ext (*stet_git_api.git_repository_init_ext)
#define git_repository_init_options_init (*stet_git_api.git_repository_init_options_init)
#define git_repository_odb (*stet_git_api.git_repository_odb)
#define git_repository_open_ext (*stet_git_api.git_repository_open_ext)
#define git_repository_path (*stet_git_api.git_repository_path)
#define git_repository_set_odb (*stet_git_api.git_repository_set_odb)
#define git_revwalk_free (*stet_git_api.git_revwalk_free)
#define git_revwalk_new (*stet_git_api.git_revwalk_new)
#define git_revwalk_next (*stet_git_api.git_revwalk_next)
#define git_revwalk_push (*stet_git_api.git_revwalk_push)
#define git_signature_free (*stet_git_api.git_signature_free)
#define git_signature_new (*stet_git_api.git_signature_new)
#define git_signature_now (*stet_git_api.git_signature_now)
#define git_tag_target_id (*stet_git_api.git_tag_target_id)
#define git_tree_create_updated (*stet_git_api.git_tree_create_updated)
#define git_tree_entry_byindex (*stet_git_api.git_tree_entry_byindex)
#define git_tree_entry_byname (*stet_git_api.git_tree_entry_byname)
#define git_tree_entry_bypath (*stet_git_api.git_tree_entry_bypath)
#define git_tree_entry_filemode (*stet_git_api.git_tree_entry_filemode)
#define git_tree_entry_free (*stet_git_api.git_tree_entry_free)
#define git_tree_entry_id (*stet_git_api.git_tree_entry_id)
#define git_tree_entry_name (*stet_git_api.git_tree_entry_name)
#define git_tree_entry_type (*stet_git_api.git_tree_entry_type)
#define git_tree_entrycount (*stet_git_api.git_tree_entrycount)
#define git_tree_free (*stet_git_api.git_tree_free)
#define git_tree_lookup (*stet_git_api.git_tree_lookup)
#define git_tree_walk (*stet_git_api.git_tree_walk)
#define git_treebuilder_free (*stet_git_api.git_treebuilder_free)
#define git_treebuilder_new (*stet_git_api.git_treebuilder_new)
#define git_treebuilder_write (*stet_git_api.git_treebuilder_write)
#define git_repository_is_bare (*stet_git_api.git_repository_is_bare)
#define git_reference_iterator_new (*stet_git_api.git_reference_iterator_new)
#define git_config_get_int32 (*stet_git_api.git_config_get_int32)
#define git_config_open_level (*stet_git_api.git_config_open_level)
#define git_commit_create_buffer (*stet_git_api.git_commit_create_buffer)
#define git_commit_create_with_signature (*stet_git_api.git_commit_create_with_signature)
#define git_commit_extract_signature (*stet_git_api.git_commit_extract_signature)
#define git_treebuilder_insert (*stet_git_api.git_treebuilder_insert)
#define git_remote_connect (*stet_git_api.git_remote_connect)
#define git_remote_ls (*stet_git_api.git_remote_ls)
#endif

#endif
